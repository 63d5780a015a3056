import type { EntityType } from '../policy/types.js';

/**
 * How Presidio's entity names (the public evaluation data) map to Switchyard entity types.
 * - `exact`: the gold label means the same thing as our type; precision and recall are both measured.
 * - `superset`: the gold label covers more than our type (DATE_TIME ⊃ date of birth); a finding of our
 *   type inside such a span is correct, but recall against all of them is meaningless, so only
 *   precision is reported.
 * Gold labels not listed here are "unmapped" (counted, not scored): LOCATION, ORGANIZATION, NRP,
 * TITLE, PREFIX, DOMAIN_NAME, URL, AGE, …
 *
 * US_DRIVER_LICENSE, US_BANK_NUMBER and US_PASSPORT map to `account_number`: Switchyard reports
 * identifiers recognised by context alone under that type and keeps `national_id` for formats with
 * validity rules (SSN ranges, DNI/NIE letters, …).
 */
export const PRESIDIO_ENTITY_MAP: Readonly<Record<string, { type: EntityType; kind: 'exact' | 'superset' }>> = {
  CREDIT_CARD: { type: 'credit_card', kind: 'exact' },
  IBAN_CODE: { type: 'iban', kind: 'exact' },
  US_SSN: { type: 'national_id', kind: 'exact' },
  UK_NINO: { type: 'national_id', kind: 'exact' },
  ES_NIF: { type: 'national_id', kind: 'exact' },
  ES_NIE: { type: 'national_id', kind: 'exact' },
  PHONE_NUMBER: { type: 'phone', kind: 'exact' },
  EMAIL_ADDRESS: { type: 'email', kind: 'exact' },
  IP_ADDRESS: { type: 'ip_address', kind: 'exact' },
  PERSON: { type: 'person', kind: 'exact' },
  STREET_ADDRESS: { type: 'street_address', kind: 'exact' },
  ADDRESS: { type: 'street_address', kind: 'exact' },
  US_DRIVER_LICENSE: { type: 'account_number', kind: 'exact' },
  US_BANK_NUMBER: { type: 'account_number', kind: 'exact' },
  US_PASSPORT: { type: 'account_number', kind: 'exact' },
  MEDICAL_LICENSE: { type: 'account_number', kind: 'exact' },
  DATE_TIME: { type: 'date_of_birth', kind: 'superset' },
};

/** Gold labels of the structured identifiers held to the floors (card, IBAN, SSN, email, phone, IP). */
export const STRUCTURED_GOLD_TYPES: readonly string[] = [
  'CREDIT_CARD',
  'IBAN_CODE',
  'US_SSN',
  'EMAIL_ADDRESS',
  'PHONE_NUMBER',
  'IP_ADDRESS',
];

/** Our types for those identifiers. */
export const STRUCTURED_TYPES: readonly EntityType[] = [
  'credit_card',
  'iban',
  'national_id',
  'email',
  'phone',
  'ip_address',
];
