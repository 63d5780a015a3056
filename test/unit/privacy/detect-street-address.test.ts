import { describe, expect, it } from 'vitest';
import { detectStreetAddress } from '../../../src/privacy/detect-street-address.js';
import { isStreetWord } from '../../../src/privacy/street-words.js';

const found = (text: string) => detectStreetAddress(text).map((f) => text.slice(f.start, f.end));

describe('detectStreetAddress', () => {
  it('finds a building number with a street type, in several languages', () => {
    expect(found('Send it to 42 Baker Street, please')).toEqual(['42 Baker Street']);
    expect(found('The title refers to 87 Rue Joseph Vernet street')).toEqual(['87 Rue Joseph Vernet street']);
    expect(found('Pedestrians must enter on Frørupvej 58, the first')).toEqual(['Frørupvej 58']);
    expect(found('lives at 95 Lille Vibyvej 8, Måløv')).toEqual(['95 Lille Vibyvej 8']);
  });
  it('finds units, boxes, military addresses, state + ZIP and cued ZIP codes', () => {
    expect(found('Apt. 591 upstairs')).toEqual(['Apt. 591']);
    expect(found('PSC 4296, Box 4371\nAPO AA 03140')).toEqual(['PSC 4296, Box 4371', 'APO AA 03140']);
    expect(found('Dallas TX 48486')).toEqual(['TX 48486']);
    expect(found('My zip code is 29812')).toEqual(['29812']);
  });
  it('finds number + capitalised name + number, and name lines in an address block', () => {
    expect(found('Please update it to 30 Tawastintie 72 now')).toEqual(['30 Tawastintie 72']);
    expect(found('Anna Reid\n\n49 Bergshaugen\nOslo')).toEqual(['49 Bergshaugen']);
  });
  it('does not read quantities, maths or dates as addresses', () => {
    expect(found('I asked for 100 only got 80')).toEqual([]);
    expect(found('what is 55 times 300')).toEqual([]);
    expect(found('The set of 2 x 2 matrices')).toEqual([]);
    expect(found('covers 58056 square miles and we drive 182 miles')).toEqual([]);
    expect(found('Buckingham Palace, 10th May 1839.')).toEqual([]);
    expect(found('8 elements of order 15')).toEqual([]);
  });
  it('treats everyday words as street types only when capitalised', () => {
    expect(isStreetWord('Drive')).toBe(true);
    expect(isStreetWord('drive')).toBe(false);
    expect(isStreetWord('road')).toBe(true);
    expect(isStreetWord('Corellistraat')).toBe(true);
  });
});
