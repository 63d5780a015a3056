import { classifyMessages, DEFAULT_UNKNOWN_THRESHOLD } from '../src/classify/cascade.js';
import { classifierLoader } from '../src/classify/classifier-loader.js';
import { compileIntentRules, type IntentRules } from '../src/classify/rules-classifier.js';
import type { StrongGainScore } from '../src/policy/strong-gain-route.js';
import type { ChatMessage } from '../src/policy/types.js';
import { routerScorer } from '../src/router/router-loader.js';
import type { StrongGainScorer } from '../src/router/strong-gain-model.js';
import type { ActivityDeps } from './deps.js';
import type { ClassifyRequestInput, ClassifyRequestOutput } from './types.js';

/** Classifies a request (local activity): policy rules, then the local learned model when configured. */
export function createClassifyRequest(deps: ActivityDeps) {
  const rulesByPolicy = new Map<string, IntentRules>();
  const loadClassifier = deps.loadClassifier ?? classifierLoader;

  return async function classifyRequest(input: ClassifyRequestInput): Promise<ClassifyRequestOutput> {
    let rules = rulesByPolicy.get(input.policyHash);
    if (!rules) {
      rules = compileIntentRules(input.intents);
      if (rulesByPolicy.size > 32) rulesByPolicy.clear();
      rulesByPolicy.set(input.policyHash, rules);
    }
    const model = input.classifier ? loadClassifier(input.classifier, input.intents) : null;
    const classification = classifyMessages({
      messages: input.messages,
      attachments: input.attachments,
      intents: input.intents,
      rules,
      model,
      unknownThreshold: input.unknownThreshold ?? model?.threshold ?? DEFAULT_UNKNOWN_THRESHOLD,
    });
    if (!input.router) return classification;
    return { ...classification, strongGain: strongGainOf(routerScorer(input.router), input.messages) };
  };
}

/** The router's score of the conversation's text (every message's text, joined), rounded to 6 decimals. */
function strongGainOf(scorer: StrongGainScorer, messages: readonly ChatMessage[]): StrongGainScore {
  const text = messages
    .filter((message) => message.role !== 'system')
    .map((message) => (typeof message.content === 'string' ? message.content : textParts(message.content)))
    .join('\n');
  const score = scorer.strongGain(text);
  return { score: Math.round(score * 1e6) / 1e6, rank: Math.round(scorer.rank(score) * 1e6) / 1e6 };
}

function textParts(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('\n');
}
