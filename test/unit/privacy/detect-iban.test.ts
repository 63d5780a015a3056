import { describe, expect, it } from 'vitest';
import { detectIban, ibanMod97 } from '../../../src/privacy/detect-iban.js';

const found = (text: string) => detectIban(text).map((f) => [text.slice(f.start, f.end), f.score]);

describe('detectIban', () => {
  it('finds compact, spaced and lower-case IBANs that pass mod-97', () => {
    expect(found('IBAN GB29NWBK60161331926819.')).toEqual([['GB29NWBK60161331926819', 0.95]]);
    expect(found('pay to DE89 3704 0044 0532 0130 00 for the order')).toEqual([['DE89 3704 0044 0532 0130 00', 0.95]]);
    expect(found('my iban is nl91abna0417164300')).toEqual([['nl91abna0417164300', 0.95]]);
    expect(found('FR14 2004 1010 0505 0001 3M02 606')).toEqual([['FR14 2004 1010 0505 0001 3M02 606', 0.95]]);
  });
  it('drops a wrong checksum unless an IBAN cue precedes it', () => {
    expect(found('code GB28NWBK60161331926819 here')).toEqual([]);
    expect(found('my IBAN: GB28NWBK60161331926819')).toEqual([['GB28NWBK60161331926819', 0.6]]);
  });
  it('with a cue, accepts a valid mod-97 checksum on a string that breaks the country spec', () => {
    expect(ibanMod97('GB29NWBK60161331926819')).toBe(true);
    expect(ibanMod97('GB28NWBK60161331926819')).toBe(false);
    expect(found('My IBAN is TH866692509503')).toEqual([['TH866692509503', 0.6]]);
    expect(found('ref TH866692509503')).toEqual([]);
  });
  it('ignores look-alikes with a wrong length or unknown country', () => {
    expect(found('GB29NWBK6016133192681')).toEqual([]);
    expect(found('QQ29NWBK60161331926819')).toEqual([]);
    expect(found('AB12 is a part number')).toEqual([]);
  });
});
