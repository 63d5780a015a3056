import { describe, expect, it } from 'vitest';
import { detectPhone } from '../../../src/privacy/detect-phone.js';
import { phoneShape } from '../../../src/privacy/phone-shape.js';

const found = (text: string) => detectPhone(text).map((f) => text.slice(f.start, f.end));

describe('detectPhone: international formats', () => {
  it('finds + and 00 numbers with any separators, parentheses and extensions', () => {
    expect(found('Ring +44 20 7946 0958 today')).toEqual(['+44 20 7946 0958']);
    expect(found('fax +1-743-438-6774x62406')).toEqual(['+1-743-438-6774x62406']);
    expect(found('+49(0)6350 153514.')).toEqual(['+49(0)6350 153514']);
    expect(found('(+358) 648694584 mobile')).toEqual(['(+358) 648694584']);
    expect(found('001-748-088-2851x818-Fax')).toEqual(['001-748-088-2851x818']);
    expect(found('+61.3.4999.8003 is the office')).toEqual(['+61.3.4999.8003']);
  });
});

describe('detectPhone: national formats', () => {
  it('finds NANP and trunk-prefixed layouts without a cue', () => {
    expect(found('Reach out: (978)645-9740x11144')).toEqual(['(978)645-9740x11144']);
    expect(found('number 833.719.3994 works')).toEqual(['833.719.3994']);
    expect(found('try 0487 23 46 71 later')).toEqual(['0487 23 46 71']);
  });
  it('needs a cue or label for short and unseparated local numbers', () => {
    expect(found("They're not answering at 785 8949")).toEqual(['785 8949']);
    expect(found('06-10446904-Office')).toEqual(['06-10446904']);
    expect(found('2813882583 mobile')).toEqual(['2813882583']);
    expect(found('Phone:\n33 93 31')).toEqual(['33 93 31']);
    expect(found('call me on 03183/89923525?')).toEqual(['03183/89923525']);
    expect(found('ticket 2813882583 closed')).toEqual([]);
    expect(found('contact us about order 2813882583')).toEqual([]);
    expect(found('my order did not come, call 2813882583')).toEqual(['2813882583']);
    expect(found('the total was 785 8949')).toEqual([]);
  });
});

describe('detectPhone: things that are not phone numbers', () => {
  it('skips dates, times, IP addresses, SSN layout and card-length runs', () => {
    expect(found('call me about 1993-01-04 14:56:41')).toEqual([]);
    expect(found('phone log 13:43:00.552332')).toEqual([]);
    expect(found('ZIP 00690-8477')).toEqual([]);
    expect(found('call me on 12.05.1980 or 3/23/1940')).toEqual([]);
    expect(found('call 86.231.85.193')).toEqual([]);
    expect(found('call 123-45-6789')).toEqual([]);
    expect(found('call 4111 1111 1111 1111')).toEqual([]);
  });
  it('skips building numbers: after unit words or before a street name', () => {
    expect(found('Mrs. Karen Suite 680 36 4022 Oakridge Lane')).toEqual([]);
    expect(found("I'd like to call a taxi to 03 2657 Koontz Lane")).toEqual([]);
    expect(found('Cite De L’Interieur 13 70486')).toEqual([]);
  });
  it('does not take "number" alone as a phone cue', () => {
    expect(found('the binary number 1001 0011')).toEqual([]);
    expect(found("My driver's license number is 425700624")).toEqual([]);
    expect(found('my number is 425 700 624')).toEqual(['425 700 624']);
  });
});

describe('phoneShape', () => {
  it('counts digits without the extension and recognises dates', () => {
    const s = phoneShape('(251)500-2136x739');
    expect(s.digits).toBe(10);
    expect(s.extension).toBe(true);
    expect(s.parens).toBe(true);
    expect(phoneShape('2007-03-23').dateLike).toBe(true);
    expect(phoneShape('06-24312407').dateLike).toBe(false);
  });
});
