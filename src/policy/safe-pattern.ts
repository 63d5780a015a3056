import { RE2JS } from 're2js';

/**
 * Regular expressions written in a policy (intent `patterns`, and any later pattern list) run on RE2
 * (`re2js`, pure JavaScript): matching takes time linear in the text, whatever the pattern, so a policy
 * cannot hang a worker. Syntax is JavaScript-like (RE2's; `\uXXXX` and `\u{…}` escapes are accepted);
 * there are no backreferences or lookaround, and `\d \w \s \b` are ASCII. Matching is case-insensitive
 * with Unicode case folding.
 *
 * `compileSafePattern` also rejects patterns that would be catastrophic in a backtracking engine
 * (nested unbounded quantifiers such as `^(a+)+$`), so a policy stays safe if it is ever copied into a
 * `RegExp`, a database or another tool.
 */

/** Longest pattern source accepted, in characters. */
export const MAX_PATTERN_LENGTH = 1000;

/** A compiled policy pattern. */
export interface SafePattern {
  /** The pattern as written in the policy. */
  readonly source: string;
  /** Whether the pattern matches anywhere in `text` (like `RegExp.prototype.test`, without state). */
  test(text: string): boolean;
  /** Every non-overlapping match, left to right, as UTF-16 offsets into `text` (end exclusive). */
  matches(text: string): { start: number; end: number }[];
}

export type SafePatternResult = { ok: true; pattern: SafePattern } | { ok: false; message: string };

/** Compiles a policy pattern for linear-time matching, or says why it is not acceptable. Never throws. */
export function compileSafePattern(source: string): SafePatternResult {
  if (source.length > MAX_PATTERN_LENGTH) {
    return { ok: false, message: `pattern is ${source.length} characters long (at most ${MAX_PATTERN_LENGTH})` };
  }
  let compiled: RE2JS;
  let translated: string;
  try {
    translated = RE2JS.translateRegExp(source);
    compiled = RE2JS.compile(translated, RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    const reason = String((error as Error)?.message ?? error).replace(/^error parsing regexp: /, '');
    return {
      ok: false,
      message: `invalid pattern (${reason}); patterns use RE2 syntax: no backreferences or lookaround`,
    };
  }
  const nested = findNestedQuantifier(translated);
  if (nested !== null) {
    return {
      ok: false,
      message:
        `nested unbounded quantifiers ("${nested}"): catastrophic (exponential) in backtracking regex engines; ` +
        'quantify the repeated part once, e.g. "^a+$" instead of "^(a+)+$", "[\\w\\s]*" instead of "(\\w+\\s?)*"',
    };
  }
  return {
    ok: true,
    pattern: {
      source,
      test: (text) => compiled.test(text),
      matches: (text) => {
        const found: { start: number; end: number }[] = [];
        const matcher = compiled.matcher(text);
        while (matcher.find()) found.push({ start: matcher.start(), end: matcher.end() });
        return found;
      },
    },
  };
}

/**
 * The first group that is repeated without bound while it contains an unbounded repetition itself
 * (star height ≥ 2, e.g. `(a+)+`, `(a*)*`, `(\w+\s?)*`), as pattern text; null when there is none.
 * Expects a pattern RE2 has already accepted, so the syntax is well formed.
 */
export function findNestedQuantifier(pattern: string): string | null {
  // One frame per open group: where it starts and whether an unbounded repetition occurs inside it.
  const frames: { start: number; unbounded: boolean }[] = [{ start: 0, unbounded: false }];
  // The atom a following quantifier applies to: a closed group (with its flag) or anything else.
  let lastGroup: { start: number; unbounded: boolean } | null = null;
  let index = 0;
  while (index < pattern.length) {
    const char = pattern[index]!;
    if (char === '\\') {
      index = skipEscape(pattern, index);
      lastGroup = null;
    } else if (char === '[') {
      index = skipClass(pattern, index);
      lastGroup = null;
    } else if (char === '(') {
      frames.push({ start: index, unbounded: false });
      index += 1;
      lastGroup = null;
    } else if (char === ')') {
      const frame = frames.pop()!;
      index += 1;
      lastGroup = frame;
      frames.at(-1)!.unbounded ||= frame.unbounded;
    } else {
      const quantifier = readQuantifier(pattern, index);
      if (quantifier === null) {
        index += 1;
        lastGroup = null;
        continue;
      }
      if (quantifier.unbounded) {
        if (lastGroup?.unbounded) return pattern.slice(lastGroup.start, quantifier.end);
        frames.at(-1)!.unbounded = true;
      }
      index = quantifier.end;
      lastGroup = null;
    }
  }
  return null;
}

function readQuantifier(pattern: string, index: number): { end: number; unbounded: boolean } | null {
  const char = pattern[index];
  let end: number;
  let unbounded: boolean;
  if (char === '*' || char === '+' || char === '?') {
    end = index + 1;
    unbounded = char !== '?';
  } else if (char === '{') {
    const counted = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index));
    if (!counted) return null;
    end = index + counted[0].length;
    unbounded = counted[2] !== undefined && counted[3] === '';
  } else {
    return null;
  }
  if (pattern[end] === '?') end += 1; // lazy form
  return { end, unbounded };
}

function skipEscape(pattern: string, index: number): number {
  const next = pattern[index + 1];
  if (next === 'Q') {
    const close = pattern.indexOf('\\E', index + 2);
    return close === -1 ? pattern.length : close + 2;
  }
  if ((next === 'p' || next === 'P' || next === 'x') && pattern[index + 2] === '{') {
    const close = pattern.indexOf('}', index + 3);
    return close === -1 ? pattern.length : close + 1;
  }
  return index + 2;
}

function skipClass(pattern: string, index: number): number {
  let position = index + 1;
  if (pattern[position] === '^') position += 1;
  if (pattern[position] === ']') position += 1; // a leading ] is literal
  while (position < pattern.length && pattern[position] !== ']') {
    if (pattern[position] === '\\') position = skipEscape(pattern, position);
    else if (pattern.startsWith('[:', position)) {
      const close = pattern.indexOf(':]', position + 2);
      position = close === -1 ? position + 1 : close + 2;
    } else position += 1;
  }
  return position + 1;
}
