/**
 * Issuer (IIN) ranges and lengths of payment card brands, as published by the networks. A number is a
 * card of a brand when its prefix falls in the brand's range and its length is one the brand issues;
 * Luhn is checked separately. Sources: ISO/IEC 7812 registrations as summarised by the networks' own
 * documentation (Visa, Mastercard 2-series, Mir, UnionPay, …).
 */
interface Brand {
  name: string;
  /** Inclusive prefix ranges [low, high], compared on as many leading digits as `low` has. */
  ranges: readonly (readonly [string, string])[];
  lengths: readonly number[];
}

const span = (low: number, high: number): number[] => Array.from({ length: high - low + 1 }, (_, i) => low + i);

export const CARD_BRANDS: readonly Brand[] = [
  { name: 'visa', ranges: [['4', '4']], lengths: [13, 16, 19] },
  {
    name: 'mastercard',
    ranges: [
      ['51', '55'],
      ['2221', '2720'],
    ],
    lengths: [16],
  },
  {
    name: 'amex',
    ranges: [
      ['34', '34'],
      ['37', '37'],
    ],
    lengths: [15],
  },
  {
    name: 'discover',
    ranges: [
      ['6011', '6011'],
      ['644', '649'],
      ['65', '65'],
      ['622126', '622925'],
    ],
    lengths: span(16, 19),
  },
  {
    name: 'diners',
    ranges: [
      ['300', '305'],
      ['3095', '3095'],
      ['36', '36'],
      ['38', '39'],
    ],
    lengths: span(14, 19),
  },
  { name: 'jcb', ranges: [['3528', '3589']], lengths: span(15, 19) },
  {
    name: 'unionpay',
    ranges: [
      ['62', '62'],
      ['81', '81'],
    ],
    lengths: span(14, 19),
  },
  {
    name: 'maestro',
    ranges: [
      ['50', '50'],
      ['56', '69'],
      ['6759', '6759'],
    ],
    lengths: span(12, 19),
  },
  { name: 'mir', ranges: [['2200', '2204']], lengths: span(16, 19) },
  {
    name: 'rupay',
    ranges: [
      ['508', '508'],
      ['60', '60'],
      ['652', '653'],
      ['82', '82'],
    ],
    lengths: [16],
  },
  { name: 'troy', ranges: [['9792', '9792']], lengths: [16] },
  { name: 'uatp', ranges: [['1', '1']], lengths: [15] },
  {
    name: 'verve',
    ranges: [
      ['506099', '506198'],
      ['650002', '650027'],
    ],
    lengths: [16, 18, 19],
  },
  { name: 'dankort', ranges: [['5019', '5019']], lengths: [16] },
  {
    name: 'uzcard-humo',
    ranges: [
      ['8600', '8600'],
      ['9860', '9860'],
    ],
    lengths: [16],
  },
  { name: 'bc-card', ranges: [['94', '94']], lengths: [16] },
];

/** The brand whose issuer range and length fit `digits` (ASCII digits only), or undefined. */
export function cardBrand(digits: string): string | undefined {
  for (const brand of CARD_BRANDS) {
    if (!brand.lengths.includes(digits.length)) continue;
    for (const [low, high] of brand.ranges) {
      const prefix = digits.slice(0, low.length);
      if (prefix >= low && prefix <= high) return brand.name;
    }
  }
  return undefined;
}
