import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { scanJsonlStream } from '../../../src/cli/commands/privacy.js';
import { scanRecordLine } from '../../../src/privacy/scan-record.js';

async function run(input: string): Promise<string[]> {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  await scanJsonlStream(Readable.from([input]), out, 'in.jsonl');
  out.end();
  return chunks
    .join('')
    .split('\n')
    .filter((l) => l !== '');
}

describe('privacy scan (JSONL stream)', () => {
  it('writes one result per non-blank line, in order, for text and messages records', async () => {
    const lines = await run(
      [
        JSON.stringify({ text: 'card 4111111111111111' }),
        '',
        JSON.stringify({ text: 'hello there' }),
        JSON.stringify({
          messages: [
            { role: 'system', content: 'hi' },
            { role: 'user', content: 'a@b.co' },
          ],
        }),
      ].join('\n'),
    );
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { dataClass: 'restricted', findings: [{ type: 'credit_card', start: 5, end: 21, score: 0.95 }] },
      { dataClass: 'public', findings: [] },
      { dataClass: 'internal', findings: [{ type: 'email', start: 0, end: 6, score: 0.95, message: 1 }] },
    ]);
  });

  it('fails naming the line of a bad record', async () => {
    await expect(run('{"text":"ok"}\n42\n')).rejects.toThrow('in.jsonl line 2: expected a "text" string');
    await expect(run('not json')).rejects.toThrow('in.jsonl line 1: not valid JSON');
  });
});

describe('scanRecordLine', () => {
  it('validates message shapes and scans every role', () => {
    expect(() => scanRecordLine('{"messages":[{"content":"x"}]}', 7)).toThrow('line 7: messages[0]');
    expect(scanRecordLine('{"messages":[{"role":"tool","content":"a@b.co"}]}', 1).dataClass).toBe('internal');
  });
  it('scans any other JSON body by its strings', () => {
    const line = JSON.stringify({ input: [{ content: [{ type: 'input_text', text: 'card 4111 1111 1111 1111' }] }] });
    expect(scanRecordLine(line, 1).dataClass).toBe('restricted');
  });
  it('classes secrets, confidential documents and policy terms', () => {
    expect(scanRecordLine('{"text":"my api key is sk-abc…"}', 1).dataClass).toBe('restricted');
    expect(scanRecordLine('{"text":"confidential internal payroll for March"}', 1).dataClass).toBe('internal');
    expect(scanRecordLine('{"text":"the signed contract, clause 4"}', 1).dataClass).toBe('internal');
    const rules = {
      restricted: [],
      internal: [],
      custom: [{ name: 'acct', pattern: 'ACCT-\\d{8}', dataClass: 'restricted' as const }],
    };
    expect(scanRecordLine('{"text":"see ACCT-12345678"}', 1, { rules }).findings).toMatchObject([
      { type: 'custom', rule: 'acct', dataClass: 'restricted' },
    ]);
    expect(scanRecordLine('{"text":"see ACCT-12345678"}', 1, { rules }).dataClass).toBe('restricted');
  });
});
