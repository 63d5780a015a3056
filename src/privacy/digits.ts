/**
 * Non-ASCII decimal digits (Arabic-Indic, Persian, Devanagari, Bengali, full-width, …) mapped to ASCII
 * so the number detectors, which match `[0-9]`, see them. Same length as the input (only BMP digits are
 * mapped, one code unit each), so offsets found in the result index the original text.
 */
const NON_ASCII = /[^ -~\t\n\r]/;
const OTHER_DIGIT = /(?![0-9])\p{Nd}/gu;
const IS_DIGIT = /^\p{Nd}$/u;

/** Value 0–9 of a BMP decimal digit: Unicode encodes each script's digits as ten consecutive code points. */
function digitValue(code: number): number {
  let zero = code;
  while (code - zero < 9 && IS_DIGIT.test(String.fromCharCode(zero - 1))) zero--;
  return (code - zero) % 10;
}

export function asciiDigits(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  OTHER_DIGIT.lastIndex = 0;
  if (!OTHER_DIGIT.test(text)) return text;
  return text.replace(OTHER_DIGIT, (d) => (d.length === 1 ? String(digitValue(d.charCodeAt(0))) : d));
}
