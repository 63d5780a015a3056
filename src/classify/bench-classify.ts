import type { IntentClassifier } from './classifier.js';
import { createPrng } from './prng.js';

/** Latency percentiles of `classify`, milliseconds. */
export interface ClassifyBench {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
  samples: number;
  /** Characters per benchmark text. */
  textChars: number;
}

export interface ClassifyBenchOptions {
  /** Timed calls. @default 2000 */
  samples?: number;
  /** Untimed calls first (JIT warm-up). @default 300 */
  warmup?: number;
  /** Texts to cycle through. @default 64 generated texts of `textChars` characters */
  texts?: readonly string[];
  /** Length of the generated texts. @default 2048 */
  textChars?: number;
  /** Seed of the generated texts. @default 7 */
  seed?: number;
}

const WORDS = (
  'i my the a to and of in for on is it that with can you please help need account card payment transfer ' +
  'money bank refund charge fee order delivery package where when why how what did was not have has been ' +
  'yesterday today week month last new old cancel change update address email phone number balance pending ' +
  'declined failed error app login password reset limit exchange rate currency cash atm withdraw deposit top ' +
  'up verify identity document statement subscription service support agent customer problem issue again ' +
  'still waiting days hours because since after before about this there their would could should will'
).split(' ');

/** Deterministic English-like prompts of about `chars` characters (sentences of common support words). */
export function benchTexts(count: number, chars: number, seed = 7): string[] {
  const prng = createPrng(seed);
  return Array.from({ length: count }, () => {
    let text = '';
    while (text.length < chars) {
      const n = 6 + prng.nextInt(12);
      const words = Array.from({ length: n }, () => WORDS[prng.nextInt(WORDS.length)]!);
      text += `${words.join(' ')}${prng.next() < 0.3 ? '?' : '.'} `;
    }
    return text.slice(0, chars);
  });
}

/** Times `classifier.classify` on warm texts and returns latency percentiles. */
export function benchClassify(classifier: IntentClassifier, options: ClassifyBenchOptions = {}): ClassifyBench {
  const textChars = options.textChars ?? 2048;
  const texts = options.texts ?? benchTexts(64, textChars, options.seed ?? 7);
  const samples = options.samples ?? 2000;
  const warmup = options.warmup ?? 300;
  for (let i = 0; i < warmup; i++) classifier.classify(texts[i % texts.length]!);
  const times = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const text = texts[i % texts.length]!;
    const start = performance.now();
    classifier.classify(text);
    times[i] = performance.now() - start;
  }
  times.sort();
  const at = (q: number): number => times[Math.min(samples - 1, Math.floor(q * samples))]!;
  return {
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    meanMs: times.reduce((a, b) => a + b, 0) / Math.max(1, samples),
    samples,
    textChars: texts.reduce((a, t) => a + t.length, 0) / Math.max(1, texts.length),
  };
}
