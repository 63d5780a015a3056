import type { PrivacyFinding } from '../policy/types.js';
import { isIpv4, isIpv6 } from './ip-parse.js';
import { windowBefore } from './text-window.js';

/**
 * IPv4 and IPv6 addresses.
 * - IPv4: a valid dotted quad not inside a longer dotted number; 0.9, or 0.3 (dropped by default)
 *   after a version cue ("version 1.2.3.4", "v1.2.3.4").
 * - IPv6: any valid text form (full, `::`-compressed, IPv4-suffixed); 0.9 for the full form, 0.8 when
 *   compressed, which must show at least three groups ("::1" and "b[::2]" are not reported). Times
 *   ("14:56:41") and MAC addresses (six groups, no `::`) never pass.
 */
const V4 = /(?<![\w.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\w]|\.\d)/g;
const V6 = /(?<![\w:.])(?:[0-9A-Fa-f]{1,4}|:)?:[0-9A-Fa-f:.]*:[0-9A-Fa-f.]*(?![\w:])/g;
const VERSION_CUE = /(?:\bversion|\bv|\bver\.?|\brelease)\s*$/;

/** Hextets written out in an IPv6 address; a trailing dotted IPv4 counts as two. */
function groupCount(raw: string): number {
  const groups = raw.split(':').filter((g) => g !== '');
  return groups.length + (raw.includes('.') ? 1 : 0);
}

export function detectIpAddress(text: string): PrivacyFinding[] {
  const out: PrivacyFinding[] = [];
  if (text.includes('.')) {
    for (const m of text.matchAll(V4)) {
      if (!isIpv4(m[0])) continue;
      const score = VERSION_CUE.test(windowBefore(text, m.index, 12)) ? 0.3 : 0.9;
      out.push({ type: 'ip_address', start: m.index, end: m.index + m[0].length, score });
    }
  }
  if (text.includes(':')) {
    const v4 = out.length;
    for (const m of text.matchAll(V6)) {
      let raw = m[0];
      // Sentence punctuation after an address ("… ::1.") is not part of it.
      while (raw.endsWith('.')) raw = raw.slice(0, -1);
      // Compressed forms need three groups: "::1" and slice syntax ("b[::2]") are not personal data.
      if (!isIpv6(raw) || (raw.includes('::') && groupCount(raw) < 3)) continue;
      const score = raw.includes('::') ? 0.8 : 0.9;
      out.push({ type: 'ip_address', start: m.index, end: m.index + raw.length, score });
    }
    // An IPv4 tail of an IPv6 address ("::ffff:192.0.2.128") is not a second address.
    return out.filter((f, i) => i >= v4 || !out.some((g, j) => j >= v4 && g.start <= f.start && f.end <= g.end));
  }
  return out;
}
