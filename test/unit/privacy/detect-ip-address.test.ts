import { describe, expect, it } from 'vitest';
import { detectIpAddress } from '../../../src/privacy/detect-ip-address.js';
import { isIpv4, isIpv6 } from '../../../src/privacy/ip-parse.js';

const found = (text: string) => detectIpAddress(text).map((f) => text.slice(f.start, f.end));

describe('IPv4', () => {
  it('finds valid dotted quads, also before sentence punctuation and inside delimiters', () => {
    expect(found('blocked from 86.231.85.193.')).toEqual(['86.231.85.193']);
    expect(found('client_ip = |10.218.6.131|')).toEqual(['10.218.6.131']);
  });
  it('rejects out-of-range octets, leading zeros, longer dotted numbers and version strings', () => {
    expect(found('256.1.1.1 and 01.2.3.4 and 1.2.3.4.5')).toEqual([]);
    expect(detectIpAddress('version 1.2.3.4')[0]?.score).toBeLessThan(0.5);
    expect(isIpv4('0.0.0.0')).toBe(true);
  });
});

describe('IPv6', () => {
  it('accepts full, short-group, compressed and IPv4-suffixed forms', () => {
    expect(found('address d80:e4b5:79da:6cf6:71f3:51f7:9161:c319 blocked')).toEqual([
      'd80:e4b5:79da:6cf6:71f3:51f7:9161:c319',
    ]);
    expect(found('from 2001:db8::8a2e:370:7334.')).toEqual(['2001:db8::8a2e:370:7334']);
    expect(found('mapped ::ffff:192.0.2.128 here')).toEqual(['::ffff:192.0.2.128']);
    expect(found('[2001:DB8:0:0:8:800:200C:417A]:443')).toEqual(['2001:DB8:0:0:8:800:200C:417A']);
  });
  it('rejects times, MAC addresses, slices, two "::" and too many groups', () => {
    expect(found('at 14:56:41 today')).toEqual([]);
    expect(found('mac 00:1a:2b:3c:4d:5e')).toEqual([]);
    expect(found('print(b[::2]) and ::1')).toEqual([]);
    expect(isIpv6('1::2::3')).toBe(false);
    expect(isIpv6('1:2:3:4:5:6:7:8:9')).toBe(false);
    expect(isIpv6('1:2:3:4:5:6:7::')).toBe(true);
    expect(isIpv6('12345::1')).toBe(false);
  });
});
