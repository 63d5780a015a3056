import { describe, expect, it } from 'vitest';
import { asciiDigits } from '../../../src/privacy/digits.js';
import { scanText } from '../../../src/privacy/scan-text.js';

describe('asciiDigits', () => {
  it('maps BMP decimal digits of other scripts to ASCII, keeping the length', () => {
    const text = '+৮৮০-১৯৫৬ ٠١٢٣٤٥٦٧٨٩ ۰۹ ०९ ０９';
    const out = asciiDigits(text);
    expect(out).toBe('+880-1956 0123456789 09 09 09');
    expect(out.length).toBe(text.length);
  });
  it('returns ASCII and digit-free text unchanged', () => {
    const plain = 'call 555-0142';
    expect(asciiDigits(plain)).toBe(plain);
    expect(asciiDigits('café résumé')).toBe('café résumé');
  });
  it('lets scanText find numbers written in other scripts, with offsets into the original', () => {
    const text = 'Phone: +৮৮০-১৯৫৬-৪৫৩৬২৬';
    const [f] = scanText(text);
    expect(f?.type).toBe('phone');
    expect(text.slice(f?.start, f?.end)).toBe('+৮৮০-১৯৫৬-৪৫৩৬২৬');
  });
});
