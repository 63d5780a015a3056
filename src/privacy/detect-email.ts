import type { PrivacyFinding } from '../policy/types.js';

/**
 * Email addresses: a dot-atom local part, `@`, and a domain with at least one dot and a 2–24 letter TLD.
 * Found from each `@` outwards (no regex over the whole text), so texts without `@` cost one `indexOf`.
 * Trailing dots/hyphens (sentence punctuation) are not part of the span. Score 0.95: the shape alone
 * is a reliable signal.
 */
const LOCAL = /^[A-Za-z0-9](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-])?$/;
const DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$/;

function isLocalChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 46 ||
    c === 95 ||
    c === 37 ||
    c === 43 ||
    c === 45
  );
}

function isDomainChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}

export function detectEmail(text: string): PrivacyFinding[] {
  const out: PrivacyFinding[] = [];
  let at = text.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > 0 && at - start < 64 && isLocalChar(text.charCodeAt(start - 1))) start--;
    while (start < at && !/[A-Za-z0-9]/.test(text[start] ?? '')) start++;
    let end = at + 1;
    while (end < text.length && end - at < 255 && isDomainChar(text.charCodeAt(end))) end++;
    while (end > at + 1 && /[.-]/.test(text[end - 1] ?? '')) end--;
    const preceded = start > 0 && isLocalChar(text.charCodeAt(start - 1));
    if (!preceded && LOCAL.test(text.slice(start, at)) && DOMAIN.test(text.slice(at + 1, end))) {
      out.push({ type: 'email', start, end, score: 0.95 });
    }
    at = text.indexOf('@', Math.max(at + 1, end));
  }
  return out;
}
