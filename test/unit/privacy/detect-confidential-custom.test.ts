import { describe, expect, it } from 'vitest';
import { compileCustomRules, detectCustom } from '../../../src/privacy/custom-rules.js';
import { privacyVerdict } from '../../../src/privacy/data-class.js';
import { detectConfidential } from '../../../src/privacy/detect-confidential.js';
import { scanText } from '../../../src/privacy/scan-text.js';

const found = (text: string) => detectConfidential(text).map((f) => text.slice(f.start, f.end));

describe('detectConfidential', () => {
  it('finds markings, payroll records and signed contracts', () => {
    expect(found('confidential internal payroll for March')).toEqual(['confidential internal']);
    expect(found('CONFIDENTIAL - board minutes')).toContain('CONFIDENTIAL');
    expect(found('attached is the signed contract, see clause 4')).toEqual(['signed contract']);
    expect(found('Under clause 7 of the agreement we may terminate')).toEqual(['clause 7 of the agreement']);
    expect(found('here is my salary slip')).toEqual(['salary slip']);
  });
  it('ignores customers asking about confidentiality', () => {
    expect(found('is my data kept confidential?')).toEqual([]);
    expect(found('when does payroll run for my deposit')).toEqual([]);
    expect(found('can I cancel the contract?')).toEqual([]);
  });
});

describe('policy custom terms and patterns', () => {
  const rules = [
    { name: 'payroll', keywords: ['payroll', 'salary slip'], dataClass: 'internal' as const },
    { name: 'acct', pattern: 'ACCT-\\d{8}', dataClass: 'restricted' as const },
  ];
  it('matches keywords as whole words in any case, and RE2 patterns', () => {
    const compiled = compileCustomRules(rules);
    expect(detectCustom('PAYROLL run; payrolls; acct-12345678', compiled).map((f) => [f.rule, f.start])).toEqual([
      ['payroll', 0],
      ['acct', 23],
    ]);
    expect(compileCustomRules(rules)).toBe(compiled);
  });
  it('gives the request the entry’s data class', () => {
    const findings = scanText('ref ACCT-12345678', { custom: rules });
    expect(privacyVerdict(findings).dataClass).toBe('restricted');
    expect(privacyVerdict(scanText('the Salary  Slip', { custom: rules })).dataClass).toBe('internal');
  });
});
