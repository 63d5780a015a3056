/**
 * Small helpers to look at the characters around a candidate span. Windows are lower-cased so that
 * cue regexes can be written in lower case without the `i` flag.
 */

/** Up to `width` characters before `index`, lower-cased. */
export function windowBefore(text: string, index: number, width: number): string {
  return text.slice(Math.max(0, index - width), index).toLowerCase();
}

/** Up to `width` characters from `index` on, lower-cased. */
export function windowAfter(text: string, index: number, width: number): string {
  return text.slice(index, index + width).toLowerCase();
}

/** Number of ASCII digits in `s`. */
export function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** `s` with everything but ASCII digits removed. */
export function digitsOf(s: string): string {
  return s.replace(/\D+/g, '');
}

/** True when the text holds at least one ASCII digit: the cheap gate for all number detectors. */
export function hasDigit(text: string): boolean {
  return /\d/.test(text);
}

/**
 * Lower-cased copy of `text` with exactly the same length, so offsets found in it index `text` too.
 * (`toLowerCase` can lengthen a few characters, e.g. 'İ'; those are kept as they are.)
 */
export function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    const l = c.toLowerCase();
    out += l.length === 1 ? l : c;
  }
  return out;
}
