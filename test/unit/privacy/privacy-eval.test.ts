import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  evaluatePrivacy,
  evaluatePrivacySamples,
  type PrivacySample,
  parsePrivacySamples,
} from '../../../src/eval/privacy-eval.js';

/** Fixture texts written for this test (not from any dataset). */
function sample(text: string, ...labels: [string, string][]): PrivacySample {
  return {
    text,
    spans: labels.map(([type, value]) => {
      const start = text.indexOf(value);
      if (start < 0) throw new Error(`fixture: ${value} not in text`);
      return { type, start, end: start + value.length };
    }),
  };
}

const SAMPLES: PrivacySample[] = [
  sample('Please block card 4111 1111 1111 1111 now', ['CREDIT_CARD', '4111 1111 1111 1111']),
  sample('Refund to GB29NWBK60161331926819 please', ['IBAN_CODE', 'GB29NWBK60161331926819']),
  sample('SSN on file: 123-45-6789', ['US_SSN', '123-45-6789']),
  sample('Mail me at kim@example.net', ['EMAIL_ADDRESS', 'kim@example.net']),
  sample('Call me back on +1 (415) 555-0142', ['PHONE_NUMBER', '+1 (415) 555-0142']),
  sample('Login blocked from 198.51.100.7', ['IP_ADDRESS', '198.51.100.7']),
  sample('My name is Oliver Grant', ['PERSON', 'Oliver Grant']),
  sample('Ship it to 9 Harbour Road', ['ADDRESS', '9 Harbour Road']),
  sample('I was born on 2/9/1977, in Oslo', ['DATE_TIME', '2/9/1977'], ['LOCATION', 'Oslo']),
  sample('The meeting is on 5/5/2025', ['DATE_TIME', '5/5/2025']),
  sample('Order 5551234 shipped yesterday', ['PHONE_NUMBER', '5551234']),
  sample('Nothing personal in here at all'),
];

describe('evaluatePrivacySamples', () => {
  const report = evaluatePrivacySamples(SAMPLES);
  const entity = (type: string) => report.entities.find((e) => e.type === type)!;

  it('scores each entity by span overlap', () => {
    expect(entity('credit_card')).toMatchObject({ gold: 1, goldFound: 1, predicted: 1, truePositives: 1, exact: 1 });
    expect(entity('iban').recall).toBe(1);
    expect(entity('national_id').precision).toBe(1);
    expect(entity('person')).toMatchObject({ gold: 1, goldFound: 1, precision: 1, recall: 1, f1: 1 });
    expect(entity('street_address').recall).toBe(1);
  });

  it('counts a missed gold span against recall', () => {
    expect(entity('phone')).toMatchObject({ gold: 2, goldFound: 1, predicted: 1, truePositives: 1 });
    expect(entity('phone').recall).toBe(0.5);
    expect(entity('phone').f1).toBeCloseTo(2 / 3, 6);
  });

  it('scores date_of_birth against DATE_TIME for precision only', () => {
    expect(entity('date_of_birth')).toMatchObject({ gold: null, recall: null, f1: null, predicted: 1, precision: 1 });
  });

  it('lists unmapped gold labels and summarises structured identifiers', () => {
    expect(report.unmapped).toEqual({ LOCATION: 1 });
    expect(report.texts).toBe(12);
    expect(report.structured.textsWithStructured).toBe(7);
    expect(report.structured.classedPublic).toBe(1);
    expect(report.structured.recall).toBeCloseTo(6 / 7, 6);
    expect(report.structured.precision).toBe(1);
    expect(report.dataClasses.public).toBe(3);
  });
});

describe('evaluatePrivacy (file) and parsePrivacySamples', () => {
  const dir = mkdtempSync(join(tmpdir(), 'privacy-eval-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads JSONL from a path', () => {
    const path = join(dir, 'ok.jsonl');
    writeFileSync(
      path,
      `${SAMPLES.slice(0, 3)
        .map((s) => JSON.stringify(s))
        .join('\n')}\n\n`,
    );
    const report = evaluatePrivacy(path);
    expect(report.source).toBe(path);
    expect(report.texts).toBe(3);
    expect(report.structured.recall).toBe(1);
  });

  it('reports a missing file in one line', () => {
    expect(() => evaluatePrivacy(join(dir, 'missing.jsonl'))).toThrow(/^data file not found: /);
  });

  it('names the line of a bad record', () => {
    expect(() => parsePrivacySamples('{"text":"a","spans":[]}\n{oops', 'f.jsonl')).toThrow('f.jsonl:2: not valid JSON');
    expect(() => parsePrivacySamples('{"text":"a"}', 'f.jsonl')).toThrow('f.jsonl:1:');
    expect(() => parsePrivacySamples('{"text":"a","spans":[{"type":"X","start":"1","end":2}]}')).toThrow(':1:');
  });
});
