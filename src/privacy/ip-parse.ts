/**
 * Strict textual IP address checks, written by hand so the privacy code has no Node-only imports.
 */

/** Dotted-quad IPv4: four decimal octets 0–255, no leading zeros (except a lone 0). */
export function isIpv4(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3 || !/^\d+$/.test(p)) return false;
    if (p.length > 1 && p[0] === '0') return false;
    if (Number(p) > 255) return false;
  }
  return true;
}

const HEXTET = /^[0-9A-Fa-f]{1,4}$/;

/**
 * IPv6 in any RFC 4291 text form: eight hextets, one `::` standing for one or more zero hextets, and an
 * optional trailing dotted IPv4 counting as two hextets. Zone ids and prefix lengths are not part of it.
 */
export function isIpv6(s: string): boolean {
  if (s.length < 2 || s.length > 45) return false;
  const dbl = s.indexOf('::');
  if (dbl !== -1 && s.indexOf('::', dbl + 1) !== -1) return false;
  const countGroups = (part: string): number => {
    if (part === '') return 0;
    const groups = part.split(':');
    let n = 0;
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] ?? '';
      if (i === groups.length - 1 && g.includes('.')) {
        if (!isIpv4(g)) return -1;
        n += 2;
      } else if (HEXTET.test(g)) n += 1;
      else return -1;
    }
    return n;
  };
  if (dbl === -1) return countGroups(s) === 8;
  const head = s.slice(0, dbl);
  const tail = s.slice(dbl + 2);
  if (head.includes('.')) return false;
  const h = countGroups(head);
  const t = countGroups(tail);
  return h >= 0 && t >= 0 && h + t <= 7;
}
