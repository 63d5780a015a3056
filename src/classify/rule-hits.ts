import { compileSafePattern } from '../policy/safe-pattern.js';
import type { IntentConfig } from '../policy/schema.js';
import { keywordExpression } from './rules-classifier.js';

/** One intent keyword or pattern of the policy and whether any text matched it. */
export interface RuleHit {
  kind: 'keyword' | 'pattern';
  /** The intent it votes for. */
  intent: string;
  /** The keyword or the pattern source, as written in the policy. */
  name: string;
  /** Texts it matched. */
  matches: number;
}

/**
 * Runs every intent keyword and pattern of the policy, one by one, over request texts (the classifier's input:
 * the last user message), with the classifier's own matching rules (whole-word, case-insensitive keywords;
 * linear-time patterns). Pure; for the report's `neverFired`, not the routing hot path.
 */
export function ruleHits(intents: Readonly<Record<string, IntentConfig>>, texts: readonly string[]): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const [intent, config] of Object.entries(intents)) {
    for (const keyword of config.keywords) {
      const expression = keywordExpression([keyword]);
      hits.push({
        kind: 'keyword',
        intent,
        name: keyword,
        matches: texts.filter((text) => expression.test(text)).length,
      });
    }
    for (const source of config.patterns) {
      const compiled = compileSafePattern(source);
      const matches = compiled.ok ? texts.filter((text) => compiled.pattern.test(text)).length : 0;
      hits.push({ kind: 'pattern', intent, name: source, matches });
    }
  }
  return hits;
}
