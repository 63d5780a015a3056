import { jsonrepair } from 'jsonrepair';
import type { ResponseFormat } from '../policy/types.js';
import { responseFormatProblem } from './validate-response-format.js';

/** What a repair changed, for the trail: kinds of fixes and sizes only, never the answer text. */
export interface AnswerRepair {
  /** Fixes seen, e.g. `trailing comma`, `single quotes`, `text around the JSON`; `other syntax` when none is named. */
  changes: string[];
  /** Characters of the answer as the model sent it. */
  fromChars: number;
  /** Characters of the repaired answer. */
  toChars: number;
}

/** A repaired answer and what changed, or why there is none. */
export type RepairOutcome = { ok: true; text: string; repair: AnswerRepair } | { ok: false; reason: string };

/**
 * Repairs an almost-JSON answer (trailing commas, single quotes, unquoted keys, comments, code fences, text around
 * the object, unclosed brackets) with jsonrepair, then checks it against the format again. Only an object or an
 * array counts: prose that jsonrepair would turn into a string is not repaired. Returns why not, never the text.
 */
export function repairJsonAnswer(text: string, format: ResponseFormat): RepairOutcome {
  const source = jsonPart(text);
  if (source === null) return { ok: false, reason: 'no JSON object or array in the answer' };
  let repaired: string;
  try {
    repaired = jsonrepair(source).trim();
  } catch (error) {
    return { ok: false, reason: `not repairable (${(error as Error).message.slice(0, 120)})` };
  }
  const value: unknown = JSON.parse(repaired);
  if (typeof value !== 'object' || value === null) return { ok: false, reason: 'repaired answer is not an object' };
  const problem = responseFormatProblem(repaired, format);
  if (problem) return { ok: false, reason: `repaired, but ${problem}` };
  return {
    ok: true,
    text: repaired,
    repair: { changes: changesOf(text, source), fromChars: text.length, toChars: repaired.length },
  };
}

/** The answer from its first `{` or `[` to its last `}` or `]` (or the end, for an unclosed one); null when none. */
function jsonPart(text: string): string | null {
  const start = text.search(/[{[]/);
  if (start === -1) return null;
  const end = Math.max(text.lastIndexOf('}'), text.lastIndexOf(']'));
  return end > start ? text.slice(start, end + 1) : text.slice(start);
}

/** The kinds of fixes an answer needed, by looking at it (jsonrepair does not report them). */
function changesOf(text: string, source: string): string[] {
  const changes: string[] = [];
  if (text.trim() !== source.trim()) changes.push(/```/.test(text) ? 'code fence' : 'text around the JSON');
  if (/,\s*[}\]]/.test(source)) changes.push('trailing comma');
  if (source.includes("'")) changes.push('single quotes');
  if (/[{,]\s*[A-Za-z_$][\w$]*\s*:/.test(source)) changes.push('unquoted keys');
  if (/\/\/|\/\*/.test(source)) changes.push('comments');
  const opened = (source.match(/[{[]/g) ?? []).length;
  const closed = (source.match(/[}\]]/g) ?? []).length;
  if (opened > closed) changes.push('unclosed brackets');
  return changes.length > 0 ? changes : ['other syntax'];
}
