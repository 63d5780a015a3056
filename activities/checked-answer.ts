import { type AnswerRepair, repairJsonAnswer } from '../src/output/repair-json-answer.js';
import { NOT_JSON, responseFormatProblem } from '../src/output/validate-response-format.js';
import type { FinishKind } from '../src/policy/types.js';
import type { CallModelInput } from './types.js';

/** An answer that passed the attempt's format (maybe repaired), or why it failed. */
export type CheckedAnswer =
  | { ok: true; text: string; repaired: AnswerRepair | null }
  | { ok: false; problem: string; repairFailed: string | null };

/**
 * Checks an answer against the attempt's response format. An answer that does not parse is repaired first when
 * the workflow asks (`input.repair`, JSON routes): no second paid call. An answer that only calls tools has no
 * text to check; the format applies to the final answer.
 */
export function checkedAnswer(text: string, input: CallModelInput, finish: FinishKind): CheckedAnswer {
  const format = input.responseFormat;
  if (!format || finish === 'tool-calls') return { ok: true, text, repaired: null };
  const problem = responseFormatProblem(text, format);
  if (problem === null) return { ok: true, text, repaired: null };
  // Schema mismatches of well-formed JSON are not syntax: repair cannot fix them.
  if (!input.repair || problem !== NOT_JSON) return { ok: false, problem, repairFailed: null };
  const repair = repairJsonAnswer(text, format);
  if (repair.ok) return { ok: true, text: repair.text, repaired: repair.repair };
  return { ok: false, problem: `${problem}; repair failed: ${repair.reason}`, repairFailed: repair.reason };
}
