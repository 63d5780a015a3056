import { type ChatMessage, ENTITY_TYPES, type EntityType, type PrivacyFinding } from '../policy/types.js';
import { compileCustomRules, detectCustom } from './custom-rules.js';
import { detectAccountNumber } from './detect-account-number.js';
import { detectConfidential } from './detect-confidential.js';
import { detectCreditCard } from './detect-credit-card.js';
import { detectDateOfBirth } from './detect-date-of-birth.js';
import { detectEmail } from './detect-email.js';
import { detectHealth } from './detect-health.js';
import { detectIban } from './detect-iban.js';
import { detectIpAddress } from './detect-ip-address.js';
import { detectNationalId } from './detect-national-id.js';
import { detectPerson } from './detect-person.js';
import { detectPhone } from './detect-phone.js';
import { detectSecret } from './detect-secret.js';
import { detectStreetAddress } from './detect-street-address.js';
import { normalizeText, toOriginalSpan } from './normalize.js';
import { resolveOverlaps } from './resolve-overlaps.js';
import { DEFAULT_MIN_SCORE, type Detector, type ScanOptions } from './types.js';

/** The detector behind each entity type (`custom` runs the policy's own rules, see `ScanOptions.custom`). */
export const DETECTORS: Readonly<Record<EntityType, Detector>> = {
  email: detectEmail,
  phone: detectPhone,
  credit_card: detectCreditCard,
  iban: detectIban,
  national_id: detectNationalId,
  account_number: detectAccountNumber,
  ip_address: detectIpAddress,
  person: detectPerson,
  street_address: detectStreetAddress,
  date_of_birth: detectDateOfBirth,
  health: detectHealth,
  secret: detectSecret,
  confidential: detectConfidential,
  custom: () => [],
};

/** Types whose detectors need at least one digit in the text. */
const NEEDS_DIGIT = new Set<EntityType>([
  'phone',
  'credit_card',
  'iban',
  'national_id',
  'account_number',
  'ip_address',
  'street_address',
  'date_of_birth',
]);

/** Findings on the normalised text (offsets into it). */
function scanNormalized(text: string, options: ScanOptions): PrivacyFinding[] {
  const types = options.types ?? ENTITY_TYPES;
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  const digits = /\d/.test(text);
  const all: PrivacyFinding[] = [];
  for (const type of types) {
    if (!digits && NEEDS_DIGIT.has(type)) continue;
    for (const f of DETECTORS[type](text)) {
      if (f.score >= minScore) all.push(f);
    }
  }
  const kept = resolveOverlaps(all);
  if (options.custom && options.custom.length > 0 && types.includes('custom')) {
    // Policy terms never compete with built-in types: a team's restricted pattern is kept even where a
    // phone number overlaps it.
    kept.push(...resolveOverlaps(detectCustom(text, compileCustomRules(options.custom))));
    kept.sort((a, b) => a.start - b.start || a.end - b.end);
  }
  return kept;
}

/**
 * Finds personal data, secrets and confidential markings in one text. The detectors read a normalised
 * copy (normalize.ts: NFKC, every Unicode digit as ASCII, zero-width and format characters removed,
 * every kind of space, dash, JSON escape as a separator) and findings are mapped back, so offsets
 * (UTF-16 code units, end exclusive) index `original`. Skips the number detectors when the text has no
 * digit, drops findings below `minScore` *before* resolving overlaps (so a weak candidate never hides a
 * real one), keeps one finding per overlapping region (see `resolveOverlaps`), sorted by start.
 */
export function scanText(original: string, options: ScanOptions = {}): PrivacyFinding[] {
  if (original.length === 0) return [];
  const normalized = normalizeText(original);
  const found = scanNormalized(normalized.text, options);
  if (!normalized.starts) return found;
  return found.map((f) => ({ ...f, ...toOriginalSpan(normalized, f.start, f.end) }));
}

/** The text of a message's content: a string, text parts of a content array, or other JSON as text. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        typeof part === 'string' ? part : typeof part?.text === 'string' ? part.text : JSON.stringify(part ?? ''),
      )
      .join('\n');
  }
  return content === undefined || content === null ? '' : JSON.stringify(content);
}

/**
 * The texts of a message the model will read, in order: its content, then the arguments of each tool call
 * it carries (tool calls and tool results are conversation text like any other). Offsets of a message's
 * findings index these segments joined by line breaks.
 */
export function messageSegments(message: unknown): string[] {
  const { content, toolCalls } = (message ?? {}) as { content?: unknown; toolCalls?: unknown };
  const calls = Array.isArray(toolCalls) ? toolCalls : [];
  return [
    contentText(content),
    ...calls.map((call) => (typeof call?.arguments === 'string' ? (call.arguments as string) : '')),
  ];
}

/**
 * Scans a whole conversation — every message whatever its role (system, user, assistant, tool), tool-call
 * arguments included (`messageSegments`) — as one text joined by line breaks, so an identifier split across two adjacent messages ("4111 1111" then
 * "1111 1111") or a cue in one message and the number in the next ("SSN?" / "123 45 6789") is found.
 * Each finding is reported per message it touches (`message` = index, offsets relative to that
 * message's content); a span crossing messages becomes one finding in each. Sorted by message, start.
 */
export function scanMessages(messages: readonly ChatMessage[], options: ScanOptions = {}): PrivacyFinding[] {
  const texts = messages.map((message) => messageSegments(message).join('\n'));
  const bases: number[] = [];
  let offset = 0;
  for (const t of texts) {
    bases.push(offset);
    offset += t.length + 1;
  }
  const out: PrivacyFinding[] = [];
  for (const f of scanText(texts.join('\n'), options)) {
    texts.forEach((t, index) => {
      const base = bases[index] ?? 0;
      const start = Math.max(f.start, base) - base;
      const end = Math.min(f.end, base + t.length) - base;
      if (end > start) out.push({ ...f, start, end, message: index });
    });
  }
  return out.sort((a, b) => (a.message ?? 0) - (b.message ?? 0) || a.start - b.start);
}
