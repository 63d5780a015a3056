import { type ChatMessage, ENTITY_TYPES, type EntityType, type PrivacyFinding } from '../policy/types.js';
import { detectAccountNumber } from './detect-account-number.js';
import { detectCreditCard } from './detect-credit-card.js';
import { detectDateOfBirth } from './detect-date-of-birth.js';
import { detectEmail } from './detect-email.js';
import { detectHealth } from './detect-health.js';
import { detectIban } from './detect-iban.js';
import { detectIpAddress } from './detect-ip-address.js';
import { detectNationalId } from './detect-national-id.js';
import { detectPerson } from './detect-person.js';
import { detectPhone } from './detect-phone.js';
import { detectStreetAddress } from './detect-street-address.js';
import { asciiDigits } from './digits.js';
import { resolveOverlaps } from './resolve-overlaps.js';
import { DEFAULT_MIN_SCORE, type Detector, type ScanOptions } from './types.js';

/** The detector behind each entity type. */
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

/**
 * Finds personal data in one text. Non-ASCII decimal digits are read as ASCII ones (offsets unchanged).
 * Runs every enabled detector (skipping the number detectors when the text has no digit), drops
 * findings below `minScore` *before* resolving overlaps (so a weak candidate never hides a real one),
 * keeps one finding per overlapping region (see `resolveOverlaps`), and returns the spans sorted by
 * start offset (UTF-16 code units, end exclusive). Warm cost on a 2 KB message: ~0.03–0.12 ms.
 */
export function scanText(original: string, options: ScanOptions = {}): PrivacyFinding[] {
  if (original.length === 0) return [];
  const text = asciiDigits(original);
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
  return resolveOverlaps(all);
}

/**
 * Scans each message of a conversation separately (system, user and assistant content; other roles
 * are skipped) and returns all findings with `message` set to the message's index, offsets relative
 * to that message's content. Sorted by message, then start.
 */
export function scanMessages(messages: readonly ChatMessage[], options: ScanOptions = {}): PrivacyFinding[] {
  const out: PrivacyFinding[] = [];
  messages.forEach((m, index) => {
    if (m.role !== 'user' && m.role !== 'assistant' && m.role !== 'system') return;
    if (typeof m.content !== 'string') return;
    for (const f of scanText(m.content, options)) out.push({ ...f, message: index });
  });
  return out;
}
