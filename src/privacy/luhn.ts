/**
 * The Luhn (mod 10) check used by payment cards and some national ids (e.g. Canadian SIN).
 * Written by hand: double every second digit from the right, subtract 9 when over 9, sum, test mod 10.
 *
 * @param digits ASCII digits only (no separators); any other character makes the check fail.
 * @returns true when the number passes; false for empty input.
 */
export function luhnValid(digits: string): boolean {
  if (digits.length === 0) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}
