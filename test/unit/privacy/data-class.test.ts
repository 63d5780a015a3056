import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_CLASS_RULES, dataClassOf, privacyVerdict } from '../../../src/privacy/data-class.js';

const rules = { restricted: ['credit_card', 'health'], internal: ['email', 'person'] } as const;

describe('dataClassOf', () => {
  it('is public for no types and for types in neither list', () => {
    expect(dataClassOf([], rules)).toBe('public');
    expect(dataClassOf(['ip_address'], rules)).toBe('public');
  });
  it('takes the strictest class of the types present, whatever the order', () => {
    expect(dataClassOf(['email'], rules)).toBe('internal');
    expect(dataClassOf(['email', 'credit_card', 'person'], rules)).toBe('restricted');
    expect(dataClassOf(['health', 'email'], rules)).toBe('restricted');
    expect(dataClassOf(['ip_address', 'person'], rules)).toBe('internal');
  });
  it('counts a type listed in both lists as restricted', () => {
    expect(dataClassOf(['email'], { restricted: ['email'], internal: ['email'] })).toBe('restricted');
  });
  it('default rules: cards restricted, emails internal', () => {
    expect(dataClassOf(['credit_card'], DEFAULT_DATA_CLASS_RULES)).toBe('restricted');
    expect(dataClassOf(['ip_address', 'date_of_birth'], DEFAULT_DATA_CLASS_RULES)).toBe('internal');
  });
});

describe('privacyVerdict', () => {
  it('lists the distinct types sorted and derives the class', () => {
    const v = privacyVerdict([
      { type: 'phone', start: 0, end: 5, score: 0.9 },
      { type: 'email', start: 6, end: 9, score: 0.9 },
      { type: 'phone', start: 10, end: 15, score: 0.9 },
    ]);
    expect(v.entityTypes).toEqual(['email', 'phone']);
    expect(v.dataClass).toBe('internal');
    expect(v.findings).toHaveLength(3);
  });
});
