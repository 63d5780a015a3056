import { describe, expect, it } from 'vitest';
import { checkedAnswer } from '../../../activities/checked-answer.js';
import type { CallModelInput } from '../../../activities/types.js';
import { repairJsonAnswer } from '../../../src/output/repair-json-answer.js';
import { strictFormatInstruction } from '../../../src/output/strict-format-instruction.js';

const schema = { type: 'object', required: ['answer'], properties: { answer: { type: 'string' } } };

describe('JSON answer repair', () => {
  it('repairs single quotes, trailing commas, code fences and text around the object, and names the fixes', () => {
    const fenced = "```json\n{'answer': 'yes',}\n```";
    expect(repairJsonAnswer(fenced, { type: 'json', schema })).toEqual({
      ok: true,
      text: '{"answer": "yes"}',
      repair: { changes: ['code fence', 'trailing comma', 'single quotes'], fromChars: fenced.length, toChars: 17 },
    });
    const prose = 'Here you go: {answer: "yes"} hope it helps';
    expect(repairJsonAnswer(prose, { type: 'json' })).toMatchObject({
      ok: true,
      text: '{"answer": "yes"}',
      repair: { changes: ['text around the JSON', 'unquoted keys'] },
    });
    expect(repairJsonAnswer('{"answer": "yes", "list": [1, 2', { type: 'json' })).toMatchObject({
      ok: true,
      repair: { changes: ['unclosed brackets'] },
    });
  });

  it('does not turn prose into JSON, and checks the repaired answer against the schema', () => {
    expect(repairJsonAnswer('Sure! Here is what I found, in plain words.', { type: 'json' })).toEqual({
      ok: false,
      reason: 'no JSON object or array in the answer',
    });
    const wrong = repairJsonAnswer("{'other': 1,}", { type: 'json', schema });
    expect(wrong).toMatchObject({ ok: false });
    expect(!wrong.ok && wrong.reason).toMatch(/^repaired, but answer does not match the schema: .*answer/);
  });

  it('the attempt check repairs only when asked, only a parse failure, and says why a repair failed', () => {
    const input = (repair: boolean): CallModelInput =>
      ({ responseFormat: { type: 'json', schema }, repair }) as unknown as CallModelInput;
    expect(checkedAnswer("{'answer': 'yes',}", input(false), 'stop')).toMatchObject({ ok: false, repairFailed: null });
    expect(checkedAnswer("{'answer': 'yes',}", input(true), 'stop')).toMatchObject({
      ok: true,
      text: '{"answer": "yes"}',
    });
    expect(checkedAnswer('{"other": 1}', input(true), 'stop')).toMatchObject({ ok: false, repairFailed: null });
    const prose = checkedAnswer('no JSON here', input(true), 'stop');
    expect(prose).toEqual({
      ok: false,
      problem: 'answer is not valid JSON; repair failed: no JSON object or array in the answer',
      repairFailed: 'no JSON object or array in the answer',
    });
    expect(checkedAnswer('{"answer": "ok"}', input(true), 'stop')).toEqual({
      ok: true,
      text: '{"answer": "ok"}',
      repaired: null,
    });
  });

  it('the stricter format instruction carries the schema when the format has one', () => {
    expect(strictFormatInstruction({ type: 'json' })).toMatch(/^Your previous answer was not in the required format/);
    expect(strictFormatInstruction({ type: 'json', schema })).toContain(JSON.stringify(schema));
  });
});
