import type { IntentConfig } from '../policy/schema.js';
import { type ChatMessage, type Classification, UNDEFINED_INTENT_RISK } from '../policy/types.js';
import { complexitySignals, lastUserText } from './complexity-signals.js';
import { classifyByRules, type IntentRules } from './rules-classifier.js';

/** A learned intent model as the cascade sees it (see src/classify/ for the trained one). */
export interface LearnedIntentModel {
  classify(text: string): { label: string; confidence: number; alternatives: { label: string; confidence: number }[] };
}

export interface CascadeInput {
  messages: readonly ChatMessage[];
  attachments?: number;
  intents: Readonly<Record<string, IntentConfig>>;
  rules: IntentRules;
  /** The local learned model, when the policy names one. */
  model?: LearnedIntentModel | null;
  /** Below this the learned model's label becomes `unknown`. */
  unknownThreshold: number;
}

/** Unknown threshold when neither the policy nor a trained model sets one. */
export const DEFAULT_UNKNOWN_THRESHOLD = 0.35;

/**
 * The classifier cascade: policy rules first, then the local learned model. Agreement raises confidence;
 * a confident disagreement is flagged as `conflicting` (review rules may act on it).
 */
export function classifyMessages(input: CascadeInput): Classification {
  const complexity = complexitySignals(input.messages, input.attachments ?? 0);
  const text = lastUserText(input.messages);
  const rule = classifyByRules(input.rules, text);
  const learned = input.model ? input.model.classify(text) : null;
  const learnedLabel = learned && learned.confidence >= input.unknownThreshold ? learned.label : 'unknown';
  const alternatives = (learned?.alternatives ?? []).map((item) => ({
    intent: item.label,
    confidence: item.confidence,
  }));

  let intent = 'unknown';
  let confidence = 0;
  let source: Classification['source'] = 'none';
  let conflicting = false;
  if (rule) {
    intent = rule.intent;
    source = 'rules';
    conflicting = rule.alsoMatched.length > 0;
    confidence = rule.confidence;
    if (learned && learnedLabel === rule.intent) confidence = Math.max(confidence, learned.confidence);
    else if (learned && learnedLabel !== 'unknown' && learnedLabel !== 'oos' && learnedLabel in input.intents) {
      conflicting = true;
      confidence = Math.min(confidence, 1 - learned.confidence / 2);
    }
  } else if (learned) {
    intent = learnedLabel;
    confidence = learned.confidence;
    source = 'model';
  }
  const risk = input.intents[intent]?.risk ?? UNDEFINED_INTENT_RISK;
  return { intent, confidence: round(confidence), risk, source, complexity, conflicting, alternatives };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
