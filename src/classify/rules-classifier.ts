import { compileSafePattern, type SafePattern } from '../policy/safe-pattern.js';
import type { IntentConfig } from '../policy/schema.js';

/** Confidence of a rule verdict: a regex pattern is stronger evidence than a keyword. */
const PATTERN_CONFIDENCE = 0.9;
const KEYWORD_CONFIDENCE = 0.8;

export interface RuleVerdict {
  intent: string;
  confidence: number;
  /** Other intents whose rules also matched. */
  alsoMatched: string[];
}

interface CompiledIntent {
  intent: string;
  /** Linear-time (RE2) patterns: a policy pattern cannot hang the worker. */
  patterns: SafePattern[];
  keywords: RegExp | null;
}

/** Intent rules from the policy, compiled once per policy. */
export interface IntentRules {
  intents: CompiledIntent[];
}

export function compileIntentRules(intents: Readonly<Record<string, IntentConfig>>): IntentRules {
  return {
    intents: Object.entries(intents)
      .map(([intent, config]) => ({
        intent,
        patterns: config.patterns.map(compilePattern),
        keywords: config.keywords.length > 0 ? keywordExpression(config.keywords) : null,
      }))
      .filter((compiled) => compiled.patterns.length > 0 || compiled.keywords !== null),
  };
}

/**
 * The first step of the cascade: policy keywords and patterns. Returns null when no rule matches.
 * When several intents match, the pattern match wins over keywords, then policy order; the verdict is
 * less confident and lists the others so the cascade can flag a conflict.
 */
export function classifyByRules(rules: IntentRules, text: string): RuleVerdict | null {
  const byPattern: string[] = [];
  const byKeyword: string[] = [];
  for (const compiled of rules.intents) {
    if (compiled.patterns.some((pattern) => pattern.test(text))) byPattern.push(compiled.intent);
    else if (compiled.keywords?.test(text)) byKeyword.push(compiled.intent);
  }
  const matched = [...byPattern, ...byKeyword];
  const best = matched[0];
  if (best === undefined) return null;
  const base = byPattern.length > 0 ? PATTERN_CONFIDENCE : KEYWORD_CONFIDENCE;
  const confidence = matched.length === 1 ? base : base / matched.length + 0.1;
  return { intent: best, confidence, alsoMatched: matched.slice(1) };
}

/** One case-insensitive expression matching any of the keywords as whole words (letters and digits bound them). */
export function keywordExpression(keywords: readonly string[]): RegExp {
  return new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${keywords.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}

/** Policy check already rejected bad patterns; a policy that skipped it fails loudly here. */
function compilePattern(source: string): SafePattern {
  const compiled = compileSafePattern(source);
  if (!compiled.ok) throw new Error(`intent pattern ${JSON.stringify(source)}: ${compiled.message}`);
  return compiled.pattern;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}
