/**
 * Shape analysis of a phone-number candidate (the matched characters only, no context):
 * how many digits, how they are grouped, and whether the layout alone is typical of a phone number.
 */
export interface PhoneShape {
  /** Digits of the number itself, extension excluded. */
  digits: number;
  /** Digit groups split by separators or parentheses. */
  groups: number[];
  /** Starts with `+` or an international `00` prefix. */
  international: boolean;
  /** Has a parenthesised area code. */
  parens: boolean;
  /** Has an extension (`x123`, `ext. 123`). */
  extension: boolean;
  /** True when the candidate is a calendar date (ISO `2007-03-23`, `12.05.1980`) rather than a number. */
  dateLike: boolean;
}

const EXTENSION = /\s?(?:x|ext\.?|extension)\s?\d{1,6}$/i;
const ISO_DATE = /^(?:19|20)\d{2}[-./ ](?:0?[1-9]|1[0-2])[-./ ](?:0?[1-9]|[12]\d|3[01])(?:$|[ T])/;
const DMY_DATE = /^(?:0?[1-9]|[12]\d|3[01])[-./](?:0?[1-9]|[12]\d|3[01])[-./](?:19|20)?\d{2}$/;

export function phoneShape(raw: string): PhoneShape {
  const ext = EXTENSION.exec(raw);
  const body = ext ? raw.slice(0, ext.index) : raw;
  const groups = (body.match(/\d+/g) ?? []).map((g) => g.length);
  return {
    digits: groups.reduce((a, b) => a + b, 0),
    groups,
    international: body.startsWith('+') || body.startsWith('(+') || /^00\d{0,3}[ .-]/.test(body) || /^001\d/.test(body),
    parens: body.includes('('),
    extension: ext !== null,
    dateLike: ISO_DATE.test(body) || DMY_DATE.test(body),
  };
}

/**
 * True when the layout alone says "phone number", with no cue word around:
 * international prefix, a parenthesised area code, an extension, the North-American 3-3-4 layout,
 * ten or more digits in three or more groups, or a trunk-prefixed (`0…`) national number in three or
 * more groups of 2–4 digits. Street numbers ("680 36 4022 Oakridge Lane") are ruled out by context.
 */
export function strongPhoneShape(raw: string, s: PhoneShape): boolean {
  if (s.digits < 7) return false;
  if (s.international && s.digits >= (raw.startsWith('00') ? 10 : 8)) return true;
  if (s.parens && s.digits >= 8) return true;
  if (s.extension && s.groups.length >= 2) return true;
  if (/^\d{3}[-. ]\d{3}[-. ]\d{4}$/.test(raw)) return true;
  if (s.digits >= 10 && s.groups.length >= 3) return true;
  return raw.startsWith('0') && s.digits >= 8 && s.groups.length >= 3 && s.groups.every((g) => g >= 2 && g <= 4);
}
