import { describe, expect, it } from 'vitest';
import { detectDateOfBirth } from '../../../src/privacy/detect-date-of-birth.js';

const found = (text: string) => detectDateOfBirth(text).map((f) => text.slice(f.start, f.end));

describe('detectDateOfBirth', () => {
  it('finds numeric and written dates after a birth cue', () => {
    expect(found("Please tell me your date of birth. It's 3/23/1940")).toEqual(['3/23/1940']);
    expect(found('She was born on 2/7/1961. Her maiden name is')).toEqual(['2/7/1961']);
    expect(found('DOB: 1985-04-12')).toEqual(['1985-04-12']);
    expect(found('born March 3, 1980 in Leeds')).toEqual(['March 3, 1980']);
    expect(found('my birthday is the 4th of July 1990')).toEqual(['4th of July 1990']);
  });
  it('ignores dates without a cue, or too far from it', () => {
    expect(found("It's like that since 11/15/1979")).toEqual([]);
    expect(found('When: 1993-01-04 14:56:41')).toEqual([]);
    expect(found('born in a small town far away from everything, and on 3/3/2003 we moved')).toEqual([]);
  });
});
