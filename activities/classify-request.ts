import { classifyMessages, DEFAULT_UNKNOWN_THRESHOLD } from '../src/classify/cascade.js';
import { classifierLoader } from '../src/classify/classifier-loader.js';
import { compileIntentRules, type IntentRules } from '../src/classify/rules-classifier.js';
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
    return classifyMessages({
      messages: input.messages,
      attachments: input.attachments,
      intents: input.intents,
      rules,
      model,
      unknownThreshold: input.unknownThreshold ?? model?.threshold ?? DEFAULT_UNKNOWN_THRESHOLD,
    });
  };
}
