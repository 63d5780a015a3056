import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExamplesFile, readModelFile, writeModelFile } from '../../../src/classify/model-file.js';
import { examplesFromIntents } from '../../../src/classify/policy-examples.js';
import { trainClassifier } from '../../../src/classify/train.js';
import { syntheticExamples } from './synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-classify-'));
const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('model files and JSONL examples', () => {
  it('reads {"text","label"} lines, skipping blank ones', () => {
    const path = file('ok.jsonl', '{"text":"a","label":"x"}\n\n{"text":"b","label":"y","extra":1}\n');
    expect(readExamplesFile(path)).toEqual([
      { text: 'a', label: 'x' },
      { text: 'b', label: 'y' },
    ]);
  });

  it('names the file and line of a bad record', () => {
    const path = file('bad.jsonl', '{"text":"a","label":"x"}\n{"text":"b"}\n');
    expect(() => readExamplesFile(path)).toThrow(`${path}:2: "label" must be a non-empty string`);
    const notJson = file('bad2.jsonl', '{"text":"a","label":"x"}\n\nnope\n');
    expect(() => readExamplesFile(notJson)).toThrow(`${notJson}:3: not valid JSON`);
    expect(() => readExamplesFile(join(dir, 'missing.jsonl'))).toThrow(/missing.jsonl: file not found/);
  });

  it('writes and reads a model artifact, naming the file on errors', () => {
    const model = trainClassifier(syntheticExamples(20, 3));
    const path = join(dir, 'model.json');
    const bytes = writeModelFile(path, model);
    expect(bytes).toBeGreaterThan(100);
    expect(readModelFile(path).labels).toEqual(model.labels);
    const wrong = file('wrong.json', '{"format":"other","version":1}');
    expect(() => readModelFile(wrong)).toThrow(`${wrong}: not a switchyard intent model`);
  });

  it("turns a policy's intent examples into training examples", () => {
    expect(
      examplesFromIntents({ refund: { examples: ['money back'] }, legal: {}, faq: { examples: ['hours?'] } }),
    ).toEqual([
      { text: 'money back', label: 'refund' },
      { text: 'hours?', label: 'faq' },
    ]);
  });
});
