import type { AttemptTimeouts } from './ladder.js';
import type { Policy } from './schema.js';
import {
  type ChatMessage,
  type Classification,
  type DataClass,
  type ResponseFormat,
  UNDEFINED_INTENT_RISK,
} from './types.js';

/** What the workflow sends to the cascade's LLM classifier. */
export interface LlmClassificationCall {
  model: string;
  messages: ChatMessage[];
  responseFormat: ResponseFormat;
  maxOutputTokens: number;
  timeouts: AttemptTimeouts;
}

/**
 * The cascade's last step, asked only when rules and the local model are unsure and the policy names a
 * model: null when not needed, a skip reason when the request's data class forbids that model's provider.
 */
export function llmClassificationCall(
  policy: Policy,
  classification: Classification,
  dataClass: DataClass,
  messages: readonly ChatMessage[],
): LlmClassificationCall | { skipped: string } | null {
  const llm = policy.classifier.llm;
  const intents = Object.keys(policy.intents);
  if (!llm || intents.length === 0 || classification.confidence >= llm.belowConfidence) return null;
  const model = policy.models[llm.model]!;
  if (!policy.providers[model.provider]?.dataClasses.includes(dataClass)) {
    return { skipped: `LLM classifier ${llm.model} may not see ${dataClass} data; keeping the local verdict` };
  }
  const catalogue = Object.entries(policy.intents)
    .map(([name, intent]) => `- ${name}${intent.description ? `: ${intent.description}` : ''}`)
    .join('\n');
  const system =
    'You label customer requests with exactly one intent from this list, or "unknown" when none fits:\n' +
    `${catalogue}\nAnswer with JSON {"intent": <name or "unknown">, "confidence": <0..1, your probability of being right>}.`;
  const text = [...messages].reverse().find((message) => message.role === 'user')?.content ?? '';
  return {
    model: llm.model,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: text },
    ],
    responseFormat: {
      type: 'json',
      schema: {
        type: 'object',
        required: ['intent', 'confidence'],
        properties: {
          intent: { enum: [...intents, 'unknown'] },
          confidence: { type: 'number', minimum: 0, maximum: 1 },
        },
      },
    },
    maxOutputTokens: 60,
    timeouts: { timeoutMs: llm.timeoutMs, firstTokenTimeoutMs: llm.timeoutMs, idleTimeoutMs: llm.timeoutMs },
  };
}

/** Takes the LLM's label when it is a known intent and more confident than the cascade; else keeps the cascade's. */
export function applyLlmClassification(
  policy: Policy,
  classification: Classification,
  answer: string | null,
): Classification {
  if (answer === null) return classification;
  let parsed: { intent?: unknown; confidence?: unknown };
  try {
    parsed = JSON.parse(answer) as typeof parsed;
  } catch {
    return classification;
  }
  const { intent, confidence } = parsed;
  if (typeof intent !== 'string' || !(intent in policy.intents) || typeof confidence !== 'number')
    return classification;
  if (confidence <= classification.confidence) return classification;
  return {
    ...classification,
    intent,
    confidence: Math.min(1, Math.max(0, confidence)),
    risk: policy.intents[intent]?.risk ?? UNDEFINED_INTENT_RISK,
    source: 'llm',
    alternatives: [
      { intent: classification.intent, confidence: classification.confidence },
      ...classification.alternatives,
    ],
  };
}
