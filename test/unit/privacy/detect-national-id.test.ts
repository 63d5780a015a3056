import { describe, expect, it } from 'vitest';
import { detectNationalId } from '../../../src/privacy/detect-national-id.js';
import { validBsn, validDni, validNie, validNinoPrefix, validSsn } from '../../../src/privacy/national-id-rules.js';

const found = (text: string) => detectNationalId(text).map((f) => text.slice(f.start, f.end));

describe('US SSN', () => {
  it('finds 3-2-4 SSNs with any separator anywhere, other layouts only near an SSN cue', () => {
    expect(found('Here is 123-45-6789.')).toEqual(['123-45-6789']);
    expect(found('Here is 123 45 6789.')).toEqual(['123 45 6789']);
    expect(found('Here is 123.45.6789 and 123/45/6789')).toEqual(['123.45.6789', '123/45/6789']);
    expect(found('my ssn: 123 45 6789')).toEqual(['123 45 6789']);
    expect(found('social security number 123456789')).toEqual(['123456789']);
    expect(found('123456789 is my SSN')).toEqual(['123456789']);
    expect(found('SSN 1234 56789')).toEqual(['1234 56789']);
    expect(found('order 123456789 shipped')).toEqual([]);
    expect(found('Suite 680 36 4022 Oakridge Lane')).toEqual([]);
  });
  it('rejects never-issued ranges: area 000, 666, 9xx; group 00; serial 0000', () => {
    for (const bad of ['000-12-3456', '666-12-3456', '912-34-5678', '123-00-4567', '123-45-0000']) {
      expect(found(`SSN ${bad}`)).toEqual([]);
    }
    expect(validSsn('899', '99', '9999')).toBe(true);
  });
  it('does not take a slice of a longer number', () => {
    expect(found('001-123-45-6789')).toEqual([]);
  });
});

describe('other national ids', () => {
  it('UK NINO: prefix rules, upper case, spaced or compact', () => {
    expect(found('NI AB 12 34 56 C ok')).toEqual(['AB 12 34 56 C']);
    expect(found('AB123456C')).toEqual(['AB123456C']);
    expect(found('QQ 12 34 56 C')).toEqual([]);
    expect(found('GB 12 34 56 A')).toEqual([]);
    expect(found('ab123456c')).toEqual([]);
    expect(found('national insurance ab123456c')).toEqual(['ab123456c']);
    expect(validNinoPrefix('ZZ')).toBe(false);
  });
  it('Spanish DNI and NIE: mod-23 control letter', () => {
    expect(found('DNI 12345678Z')).toEqual(['12345678Z']);
    expect(found('DNI 12345678A')).toEqual([]);
    expect(found('NIE X1234567L')).toEqual(['X1234567L']);
    expect(found('NIE X-1234567-L')).toEqual(['X-1234567-L']);
    expect(found('NIE X1234567T')).toEqual([]);
    expect(validDni('12345678', 'z')).toBe(true);
    expect(validNie('Y', '1234567', 'X')).toBe(true);
  });
  it('Dutch BSN (11-proof) and Canadian SIN (Luhn) only after their cue', () => {
    expect(validBsn('111222333')).toBe(true);
    expect(validBsn('111222334')).toBe(false);
    expect(found('mijn BSN is 111222333')).toEqual(['111222333']);
    expect(found('BSN 111222334')).toEqual([]);
    expect(found('SIN 046 454 286')).toEqual(['046 454 286']);
    expect(found('SIN 046 454 287')).toEqual([]);
    expect(found('ticket 046 454 286')).toEqual([]);
  });
});
