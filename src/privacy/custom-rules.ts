import { compileSafePattern, type SafePattern } from '../policy/safe-pattern.js';
import type { DataClass, PrivacyFinding } from '../policy/types.js';

/** One `privacy.custom` policy entry, as CustomPrivacyRuleSchema (src/policy/schema.ts) parses it. */
export interface CustomPrivacyRule {
  name: string;
  /** Words or phrases, matched as whole words in any case. */
  keywords?: string[] | undefined;
  /** An RE2 pattern (linear time, case-insensitive). */
  pattern?: string | undefined;
  dataClass: DataClass;
}

/** A `privacy.custom` entry ready to match. */
export interface CompiledCustomRule {
  name: string;
  dataClass: DataClass;
  /** Whole-word, case-insensitive alternation of the keywords (escaped literals: linear in practice). */
  keywords: RegExp | null;
  /** The entry's RE2 pattern (linear time whatever it says). */
  pattern: SafePattern | null;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const byIdentity = new WeakMap<readonly CustomPrivacyRule[], CompiledCustomRule[]>();
const byContent = new Map<string, CompiledCustomRule[]>();

function compileOne(rule: CustomPrivacyRule): CompiledCustomRule {
  const words = (rule.keywords ?? []).map((k) => k.trim()).filter((k) => k.length > 0);
  const keywords =
    words.length === 0
      ? null
      : new RegExp(
          `(?<![\\p{L}\\p{N}_])(?:${words
            .sort((a, b) => b.length - a.length)
            .map((k) => escapeRegExp(k).replace(/\s+/g, '\\s+'))
            .join('|')})(?![\\p{L}\\p{N}_])`,
          'giu',
        );
  let pattern: SafePattern | null = null;
  if (rule.pattern !== undefined) {
    const compiled = compileSafePattern(rule.pattern);
    // The schema already rejected bad patterns; one that still fails (a hand-built config) is a broken check.
    if (!compiled.ok) throw new Error(`privacy.custom "${rule.name}": ${compiled.message}`);
    pattern = compiled.pattern;
  }
  return { name: rule.name, dataClass: rule.dataClass, keywords, pattern };
}

/**
 * Compiles a policy's `privacy.custom` entries, memoised by array identity and by content (the activity
 * receives a fresh copy of the policy section with every request).
 */
export function compileCustomRules(rules: readonly CustomPrivacyRule[]): CompiledCustomRule[] {
  const known = byIdentity.get(rules);
  if (known) return known;
  const key = JSON.stringify(rules);
  let compiled = byContent.get(key);
  if (!compiled) {
    compiled = rules.map(compileOne);
    if (byContent.size >= 64) byContent.clear();
    byContent.set(key, compiled);
  }
  byIdentity.set(rules, compiled);
  return compiled;
}

/** Findings of type `custom` (score 0.9, `rule` and `dataClass` set) for every keyword or pattern match. */
export function detectCustom(text: string, rules: readonly CompiledCustomRule[]): PrivacyFinding[] {
  const out: PrivacyFinding[] = [];
  for (const rule of rules) {
    const found = (start: number, end: number) => {
      if (end > start) out.push({ type: 'custom', start, end, score: 0.9, rule: rule.name, dataClass: rule.dataClass });
    };
    if (rule.keywords) {
      rule.keywords.lastIndex = 0;
      for (const m of text.matchAll(rule.keywords)) found(m.index, m.index + m[0].length);
    }
    if (rule.pattern) for (const m of rule.pattern.matches(text)) found(m.start, m.end);
  }
  return out;
}
