import { describe, expect, it } from 'vitest';
import { resolveOverlaps } from '../../../src/privacy/resolve-overlaps.js';
import { scanMessages, scanText } from '../../../src/privacy/scan-text.js';

const typed = (text: string, options = {}) =>
  scanText(text, options).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);

describe('scanText', () => {
  it('returns findings of every type, sorted by start', () => {
    const text =
      'Hi, this is Laura Bennett. Card 4111 1111 1111 1111, IBAN GB29 NWBK 6016 1331 9268 19, SSN 123-45-6789, ' +
      'mail laura@example.org, call +44 20 7946 0958, my IP is 203.0.113.42, DOB: 14/03/1986, ' +
      'account number 99887766, I live at 27 Willow Crescent and I am diabetic.';
    expect(typed(text)).toEqual([
      'person:Laura Bennett',
      'credit_card:4111 1111 1111 1111',
      'iban:GB29 NWBK 6016 1331 9268 19',
      'national_id:123-45-6789',
      'email:laura@example.org',
      'phone:+44 20 7946 0958',
      'ip_address:203.0.113.42',
      'date_of_birth:14/03/1986',
      'account_number:99887766',
      'street_address:27 Willow Crescent',
      'health:diabetic',
    ]);
    const found = scanText(text);
    expect(found.every((f, i) => i === 0 || (found[i - 1]?.start ?? 0) <= f.start)).toBe(true);
  });

  it('reports a card number once, as a card, not also as a phone or account number', () => {
    expect(typed('call me, my card number is 4111 1111 1111 1111')).toEqual(['credit_card:4111 1111 1111 1111']);
    expect(typed('account 5555555555554444')).toEqual(['credit_card:5555555555554444']);
  });

  it('keeps an email whole rather than reporting the name inside it', () => {
    expect(typed('write to John.Smith@example.com')).toEqual(['email:John.Smith@example.com']);
  });

  it('honours the types and minScore options', () => {
    const text = 'card 4111111111111112 or mail a@b.co';
    expect(typed(text)).toEqual(['credit_card:4111111111111112', 'email:a@b.co']);
    expect(typed(text, { types: ['email'] })).toEqual(['email:a@b.co']);
    expect(typed(text, { minScore: 0.9 })).toEqual(['email:a@b.co']);
  });

  it('finds nothing in plain text and in an empty string', () => {
    expect(scanText('Where is my order? It has not arrived yet.')).toEqual([]);
    expect(scanText('')).toEqual([]);
  });
});

describe('resolveOverlaps', () => {
  it('keeps the higher-priority type, then the higher score, then the longer span', () => {
    const kept = resolveOverlaps([
      { type: 'phone', start: 0, end: 10, score: 0.85 },
      { type: 'credit_card', start: 2, end: 12, score: 0.6 },
      { type: 'person', start: 20, end: 25, score: 0.6 },
      { type: 'person', start: 20, end: 30, score: 0.6 },
      { type: 'person', start: 22, end: 24, score: 0.8 },
    ]);
    expect(kept).toEqual([
      { type: 'credit_card', start: 2, end: 12, score: 0.6 },
      { type: 'person', start: 22, end: 24, score: 0.8 },
    ]);
  });
  it('lets a finding validated by its own rules (score ≥ 0.9) beat a cue-only guess of a higher type', () => {
    const kept = resolveOverlaps([
      { type: 'credit_card', start: 0, end: 20, score: 0.6 },
      { type: 'iban', start: 0, end: 27, score: 0.95 },
    ]);
    expect(kept.map((f) => f.type)).toEqual(['iban']);
  });
  it('drops empty spans', () => {
    expect(resolveOverlaps([{ type: 'email', start: 3, end: 3, score: 1 }])).toEqual([]);
  });
});

describe('scanMessages', () => {
  it('scans each message on its own and sets the message index', () => {
    const found = scanMessages([
      { role: 'system', content: 'You are a helpful bot.' },
      { role: 'user', content: 'My email is ann@example.org' },
      { role: 'assistant', content: 'Thanks! Is your card 4111111111111111?' },
    ]);
    expect(found).toEqual([
      { type: 'email', start: 12, end: 27, score: 0.95, message: 1 },
      { type: 'credit_card', start: 21, end: 37, score: 0.95, message: 2 },
    ]);
  });
  it('scans every role, tool messages included', () => {
    const messages = [{ role: 'tool', content: 'a@b.co' }] as unknown as Parameters<typeof scanMessages>[0];
    expect(scanMessages(messages).map((f) => [f.type, f.message])).toEqual([['email', 0]]);
  });
});
