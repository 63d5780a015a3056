/**
 * What locale detection costs per request: `npx tsx scripts/bench-locale.ts` prints µs per call of detectLocale
 * on 2 KB texts (English-like support prompts, plus French, German and Japanese), after a warm-up.
 */
import { benchTexts } from '../src/classify/bench-classify.js';
import { detectLocale } from '../src/classify/detect-locale.js';

const SAMPLES = 2000;
const WARMUP = 300;
const CHARS = 2048;

const repeatTo = (sentence: string) => sentence.repeat(Math.ceil(CHARS / sentence.length)).slice(0, CHARS);
const sets: Record<string, string[]> = {
  english: benchTexts(64, CHARS),
  french: [repeatTo('Bonjour, je voudrais savoir pourquoi ma facture de ce mois est plus élevée que prévu. ')],
  german: [repeatTo('Mein Paket ist nicht angekommen, obwohl die Sendungsverfolgung es als zugestellt zeigt. ')],
  japanese: [repeatTo('注文した商品がまだ届いていません。配送状況を確認していただけますか。')],
};

for (const [name, texts] of Object.entries(sets)) {
  for (let index = 0; index < WARMUP; index += 1) detectLocale(texts[index % texts.length]!);
  const times = new Float64Array(SAMPLES);
  for (let index = 0; index < SAMPLES; index += 1) {
    const start = performance.now();
    detectLocale(texts[index % texts.length]!);
    times[index] = (performance.now() - start) * 1000;
  }
  times.sort();
  const mean = times.reduce((sum, value) => sum + value, 0) / SAMPLES;
  const p50 = times[Math.floor(SAMPLES / 2)]!;
  const p95 = times[Math.floor(SAMPLES * 0.95)]!;
  const locale = detectLocale(texts[0]!);
  console.log(
    `${name.padEnd(9)} ${locale}  mean ${mean.toFixed(0)} µs  p50 ${p50.toFixed(0)} µs  p95 ${p95.toFixed(0)} µs per 2 KB`,
  );
}
