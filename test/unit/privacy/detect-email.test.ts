import { describe, expect, it } from 'vitest';
import { detectEmail } from '../../../src/privacy/detect-email.js';

const spans = (text: string) => detectEmail(text).map((f) => text.slice(f.start, f.end));

describe('detectEmail', () => {
  it('finds addresses and leaves sentence punctuation out of the span', () => {
    expect(spans('Write to Jane.Doe+news@mail.example.co.uk.')).toEqual(['Jane.Doe+news@mail.example.co.uk']);
    expect(spans('a@b.co, then x_y@sub-domain.org?')).toEqual(['a@b.co', 'x_y@sub-domain.org']);
  });
  it('ignores handles, bare domains and addresses without a TLD', () => {
    expect(spans('ping @support or user@localhost or visit example.com')).toEqual([]);
    expect(spans('no at sign here')).toEqual([]);
  });
  it('reports type email with a high score', () => {
    expect(detectEmail('me@example.org')).toEqual([{ type: 'email', start: 0, end: 14, score: 0.95 }]);
  });
});
