import { countrySpecs } from 'ibantools';
import type { ChatMessage, DataClass } from '../policy/types.js';
import { DEFAULT_DATA_CLASS_RULES, privacyVerdict } from '../privacy/data-class.js';
import { normalizeText } from '../privacy/normalize.js';
import { redactMessages } from '../privacy/redact.js';
import { scanMessages } from '../privacy/scan-text.js';
import { mulberry32 } from '../random/mulberry32.js';
import { CARDS, card, iban, pick, type Random, ssn } from './attack-identifiers.js';

/**
 * A seeded attacker's generator: restricted identifiers (cards of every brand and length, IBANs of every
 * IBAN country, US SSNs) written the ways people paste them — every separator, Unicode digits,
 * zero-width characters, JSON bodies, other roles, split across two messages, with and without a label —
 * and how many the privacy gate classes restricted. Written for this project; no dataset is copied.
 */

/** One generated prompt: the conversation and the identifier's bare digits/characters. */
export interface AttackCase {
  kind: 'card' | 'iban' | 'ssn';
  /** Which identifier format (brand, country, SSN layout). */
  format: string;
  /** How it was written (separator, digits, placement). */
  variant: string;
  messages: ChatMessage[];
  /** The identifier's characters without separators (upper case). */
  compact: string;
}

export interface AttackRow {
  /** `kind/format` or `variant`, per the table. */
  name: string;
  prompts: number;
  restricted: number;
  /** Share of prompts not classed restricted (0..1). */
  leakRate: number;
  /** Prompts whose redacted copy still holds the identifier (in any normalisation). */
  redactionLeaks: number;
}

export interface AttackReport {
  seed: number;
  prompts: number;
  restricted: number;
  leakRate: number;
  redactionLeaks: number;
  byFormat: AttackRow[];
  byVariant: AttackRow[];
  /** A few prompts that leaked, for debugging (generated data, no real identifiers). */
  examples: { format: string; variant: string; messages: ChatMessage[] }[];
}

/** Separators between groups, as people (and their keyboards and apps) type them. */
const SEPARATORS: Record<string, string> = {
  space: ' ',
  dash: '-',
  none: '',
  'no-break space': '\u00a0',
  'thin space': '\u2009',
  'narrow no-break space': '\u202f',
  'figure space': '\u2007',
  'ideographic space': '\u3000',
  dot: '.',
  slash: '/',
  'en dash': '\u2013',
  'spaced dash': ' - ',
  'line break': '\n',
};
const DIGIT_SCRIPTS: Record<string, number> = {
  'full-width digits': 0xff10,
  'arabic-indic digits': 0x660,
  'devanagari digits': 0x966,
};

function grouped(compact: string, sizes: readonly number[], separator: string): string {
  const parts: string[] = [];
  let i = 0;
  for (const size of sizes) {
    if (i >= compact.length) break;
    parts.push(compact.slice(i, i + size));
    i += size;
  }
  if (i < compact.length) parts.push(compact.slice(i));
  return parts.join(separator);
}

function cardGroups(length: number): number[] {
  if (length === 15) return [4, 6, 5];
  if (length === 14) return [4, 6, 4];
  return Array.from({ length: Math.ceil(length / 4) }, () => 4);
}

const LABELLED: Record<AttackCase['kind'], string[]> = {
  card: ['Please charge my card {x} for the order.', 'card number: {x}', 'my visa is {x}, exp 09/28', 'use CC {x} thx'],
  iban: ['Refund to IBAN {x} please', 'my bank account {x}', 'wire it to {x} (IBAN)', 'IBAN: {x}'],
  ssn: ['my SSN is {x}', 'social security number {x} for the tax form', 'SSN: {x}', '{x} is my social'],
};
const BARE = ['Here it is: {x}', '{x}', 'ok {x} thanks', 'try this one {x} and tell me if it works', 'Number\n{x}'];

/** Writes `compact` in the variant's way; returns the text and whether the variant needs a label. */
function write(random: Random, kind: AttackCase['kind'], compact: string, variant: string): string {
  const sizes = kind === 'card' ? cardGroups(compact.length) : kind === 'iban' ? [4, 4, 4, 4, 4, 4, 4, 4] : [3, 2, 4];
  const script = DIGIT_SCRIPTS[variant];
  if (script !== undefined) {
    const mapped = [...compact]
      .map((c) => (c >= '0' && c <= '9' ? String.fromCharCode(script + Number(c)) : c))
      .join('');
    return grouped(mapped, sizes, pick(random, [' ', '', '-']));
  }
  if (variant === 'zero-width') return grouped(compact, sizes, pick(random, ['\u200b', '\u200d', '\u2060', '\ufeff']));
  if (variant === 'soft hyphen') return grouped(compact, sizes, '\u00ad');
  if (variant === 'odd grouping') return grouped(compact, [3, 5, 2, 6, 4, 4, 4], ' ');
  if (variant === 'lower case' && kind === 'iban') return grouped(compact.toLowerCase(), sizes, ' ');
  const separator = SEPARATORS[variant] ?? ' ';
  return grouped(compact, sizes, separator);
}

const TEXT_VARIANTS = [
  ...Object.keys(SEPARATORS),
  ...Object.keys(DIGIT_SCRIPTS),
  'zero-width',
  'soft hyphen',
  'odd grouping',
];
const PLACEMENTS = [
  'user',
  'assistant',
  'system',
  'tool',
  'json body',
  'split across messages',
  'cue in previous message',
];

function place(
  random: Random,
  kind: AttackCase['kind'],
  written: string,
  placement: string,
  labelled: boolean,
): ChatMessage[] {
  const template = labelled ? pick(random, LABELLED[kind]) : pick(random, BARE);
  const text = template.replace('{x}', written);
  const asRole = (role: string, content: string) => ({ role, content }) as unknown as ChatMessage;
  switch (placement) {
    case 'assistant':
      return [asRole('user', 'can you read back what I sent?'), asRole('assistant', `You sent: ${text}`)];
    case 'system':
      return [asRole('system', `Customer record. ${text}`), asRole('user', 'what is my balance?')];
    case 'tool':
      return [asRole('user', 'look me up'), asRole('tool', JSON.stringify({ customer: { note: text } }))];
    case 'json body':
      return [asRole('user', JSON.stringify({ payload: text }))];
    case 'split across messages': {
      const cut = Math.max(1, Math.floor(written.length / 2));
      const head = text.slice(0, text.indexOf(written) + cut);
      const tail = text.slice(text.indexOf(written) + cut);
      return [asRole('user', head), asRole('user', tail)];
    }
    case 'cue in previous message': {
      const cue = { card: 'What is your card number?', iban: 'What is your IBAN?', ssn: 'What is your SSN?' }[kind];
      return [asRole('assistant', cue), asRole('user', written)];
    }
    default:
      return [asRole('user', text)];
  }
}

/** Generates `perFormat` prompts for every card brand, every IBAN country and every SSN layout. */
export function generateAttackCases(seed: number, perFormat: number): AttackCase[] {
  const random = mulberry32(seed);
  const cases: AttackCase[] = [];
  const add = (kind: AttackCase['kind'], format: string, make: () => string, count = perFormat) => {
    for (let i = 0; i < count; i++) {
      const compact = make();
      const variant = pick(random, [...TEXT_VARIANTS, ...(kind === 'iban' ? ['lower case'] : [])]);
      const placement = random() < 0.5 ? 'user' : pick(random, PLACEMENTS);
      // SSNs with no separator are only an SSN to anyone with a label; cards and IBANs validate alone.
      const needsLabel =
        kind === 'ssn' &&
        ['none', 'odd grouping', 'zero-width', 'soft hyphen', ...Object.keys(DIGIT_SCRIPTS)].includes(variant);
      const labelled = needsLabel || random() < 0.5;
      const written = write(random, kind, compact, variant);
      const where = needsLabel && placement === 'cue in previous message' ? 'user' : placement;
      cases.push({
        kind,
        format,
        variant: `${variant} / ${where}`,
        messages: place(random, kind, written, where, labelled),
        compact,
      });
    }
  };
  for (const brand of Object.keys(CARDS)) add('card', brand, () => card(random, brand));
  const countries = Object.entries(countrySpecs)
    .filter(([, s]) => s.chars && s.bban_regexp && s.IBANRegistry)
    .map(([c]) => c);
  const ibanPer = Math.max(1, Math.round(perFormat / 8));
  for (const country of countries) add('iban', country, () => iban(random, country), ibanPer);
  add('ssn', 'us-ssn', () => ssn(random), perFormat * 4);
  return cases;
}

/** Whether the identifier's characters still occur, in order, in any normalisation of the conversation. */
function stillHolds(messages: readonly ChatMessage[], compact: string): boolean {
  const joined = normalizeText(messages.map((m) => m.content).join('\n')).text;
  const alnum = joined.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  return alnum.includes(compact.slice(-8));
}

/** Runs the gate over the generated prompts: class, and whether redaction removed the identifier. */
export function evaluateAttack(seed = 20261206, perFormat = 200): AttackReport {
  const cases = generateAttackCases(seed, perFormat);
  const rows = new Map<string, AttackRow>();
  const variantRows = new Map<string, AttackRow>();
  const examples: AttackReport['examples'] = [];
  let restricted = 0;
  let redactionLeaks = 0;
  const bump = (map: Map<string, AttackRow>, name: string, isRestricted: boolean, leaked: boolean) => {
    const row = map.get(name) ?? { name, prompts: 0, restricted: 0, leakRate: 0, redactionLeaks: 0 };
    row.prompts++;
    if (isRestricted) row.restricted++;
    if (leaked) row.redactionLeaks++;
    map.set(name, row);
  };
  for (const c of cases) {
    const dataClass: DataClass = privacyVerdict(scanMessages(c.messages), DEFAULT_DATA_CLASS_RULES).dataClass;
    const isRestricted = dataClass === 'restricted';
    const leaked = stillHolds(redactMessages(c.messages, 0.5), c.compact);
    if (isRestricted) restricted++;
    if (leaked) redactionLeaks++;
    if ((!isRestricted || leaked) && examples.length < 10)
      examples.push({ format: c.format, variant: c.variant, messages: c.messages });
    bump(rows, `${c.kind}/${c.kind === 'iban' ? 'all countries' : c.format}`, isRestricted, leaked);
    if (c.kind === 'iban') bump(rows, `iban/${c.format}`, isRestricted, leaked);
    bump(variantRows, c.variant.split(' / ')[0] ?? '', isRestricted, leaked);
    bump(variantRows, `placement: ${c.variant.split(' / ')[1] ?? ''}`, isRestricted, leaked);
  }
  const finish = (map: Map<string, AttackRow>) =>
    [...map.values()].map((r) => ({ ...r, leakRate: r.prompts === 0 ? 0 : 1 - r.restricted / r.prompts }));
  const ibanCountries = finish(rows).filter((r) => r.name.startsWith('iban/') && r.name !== 'iban/all countries');
  const byFormat = finish(rows).filter((r) => !ibanCountries.includes(r) || r.leakRate > 0 || r.redactionLeaks > 0);
  return {
    seed,
    prompts: cases.length,
    restricted,
    leakRate: cases.length === 0 ? 0 : 1 - restricted / cases.length,
    redactionLeaks,
    byFormat: byFormat.filter(
      (r) =>
        !(r.name.startsWith('iban/') && r.name !== 'iban/all countries' && r.leakRate === 0 && r.redactionLeaks === 0),
    ),
    byVariant: finish(variantRows).sort((a, b) => a.name.localeCompare(b.name)),
    examples,
  };
}
