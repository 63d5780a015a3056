/**
 * Validity rules of the national identifiers `detect-national-id` recognises. Pure functions over
 * already-extracted parts; no regexes over free text here.
 */

/**
 * US Social Security Number ranges: area 000, 666 and 900–999 are never issued; group 00 and
 * serial 0000 are invalid.
 */
export function validSsn(area: string, group: string, serial: string): boolean {
  if (area === '000' || area === '666' || area[0] === '9') return false;
  return group !== '00' && serial !== '0000';
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI: 8 digits and a control letter (number mod 23 indexes the letter table). */
export function validDni(digits: string, letter: string): boolean {
  return digits.length === 8 && DNI_LETTERS[Number(digits) % 23] === letter.toUpperCase();
}

/** Spanish NIE: X/Y/Z (read as 0/1/2), 7 digits and the DNI control letter over the 8-digit number. */
export function validNie(prefix: string, digits: string, letter: string): boolean {
  const lead = 'XYZ'.indexOf(prefix.toUpperCase());
  return lead >= 0 && digits.length === 7 && validDni(String(lead) + digits, letter);
}

/**
 * UK National Insurance number prefix rules (there is no check digit): first letter not D, F, I, Q, U, V;
 * second not D, F, I, O, Q, U, V; prefixes BG, GB, KN, NK, NT, TN, ZZ are never allocated.
 */
export function validNinoPrefix(prefix: string): boolean {
  const p = prefix.toUpperCase();
  if ('DFIQUV'.includes(p[0] ?? '') || 'DFIOQUV'.includes(p[1] ?? '')) return false;
  return !['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(p);
}

/** Dutch BSN: 9 digits passing the "11-proof" (weights 9..2 and -1). */
export function validBsn(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
  sum -= Number(digits[8]);
  return sum % 11 === 0 && Number(digits) > 0;
}
