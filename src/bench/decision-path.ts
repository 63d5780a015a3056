import { classifyMessages, DEFAULT_UNKNOWN_THRESHOLD, type LearnedIntentModel } from '../classify/cascade.js';
import { compileIntentRules } from '../classify/rules-classifier.js';
import { decideRoute } from '../policy/decide-route.js';
import type { Policy } from '../policy/schema.js';
import type { ChatMessage } from '../policy/types.js';
import { dataClassOf } from '../privacy/data-class.js';
import { scanMessages } from '../privacy/scan-text.js';
import { percentile } from '../report/scorecard.js';

export interface DecisionBenchSettings {
  policy: Policy;
  /** The local learned model, loaded (null: rules only). */
  model: (LearnedIntentModel & { threshold?: number }) | null;
  texts: readonly string[];
  /** Measured decisions. @default 20000 */
  iterations?: number;
  /** Unmeasured decisions first (JIT warm-up). @default 2000 */
  warmup?: number;
}

export interface DecisionBenchResult {
  samples: number;
  textChars: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  /** Share of the texts each step ends up in, as a sanity check that the path does real work. */
  dataClasses: Record<string, number>;
}

/**
 * The per-request decision path a worker runs before any model call — classify (policy rules, then the
 * local model), scan for personal data, decide the route — timed in-process, one request at a time.
 */
export function runDecisionBench(settings: DecisionBenchSettings): DecisionBenchResult {
  const { policy, model, texts } = settings;
  const rules = compileIntentRules(policy.intents);
  const threshold = policy.classifier.unknownThreshold ?? model?.threshold ?? DEFAULT_UNKNOWN_THRESHOLD;
  const dataClasses: Record<string, number> = {};
  const decide = (text: string) => {
    const messages: ChatMessage[] = [{ role: 'user', content: text }];
    const classification = classifyMessages({
      messages,
      intents: policy.intents,
      rules,
      model,
      unknownThreshold: threshold,
    });
    const findings = scanMessages(messages).filter((finding) => finding.score >= policy.privacy.minScore);
    const dataClass = dataClassOf([...new Set(findings.map((finding) => finding.type))], policy.privacy);
    decideRoute(policy, { messages }, { classification, dataClass, metadata: {} });
    return dataClass;
  };
  const warmup = settings.warmup ?? 2000;
  for (let index = 0; index < warmup; index += 1) decide(texts[index % texts.length]!);
  const iterations = settings.iterations ?? 20_000;
  const durations: number[] = [];
  for (let index = 0; index < iterations; index += 1) {
    const text = texts[index % texts.length]!;
    const started = performance.now();
    const dataClass = decide(text);
    durations.push(performance.now() - started);
    dataClasses[dataClass] = (dataClasses[dataClass] ?? 0) + 1;
  }
  durations.sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 1000) / 1000;
  const textChars = Math.round(texts.reduce((sum, text) => sum + text.length, 0) / texts.length);
  return {
    samples: iterations,
    textChars,
    p50Ms: round(percentile(durations, 0.5)),
    p95Ms: round(percentile(durations, 0.95)),
    p99Ms: round(percentile(durations, 0.99)),
    maxMs: round(durations.at(-1) ?? 0),
    meanMs: round(durations.reduce((sum, value) => sum + value, 0) / Math.max(1, durations.length)),
    dataClasses,
  };
}
