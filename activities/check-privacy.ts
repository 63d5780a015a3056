import type { EntityType } from '../src/policy/types.js';
import { dataClassOf } from '../src/privacy/data-class.js';
import { scanMessages } from '../src/privacy/scan-text.js';
import type { CheckPrivacyInput, CheckPrivacyOutput } from './types.js';

/** Scans a request for personal data (local activity). The verdict carries types and offsets, no text. */
export async function checkPrivacy(input: CheckPrivacyInput): Promise<CheckPrivacyOutput> {
  const findings = scanMessages(input.messages).filter((finding) => finding.score >= input.rules.minScore);
  const entityTypes = [...new Set(findings.map((finding) => finding.type))].sort() as EntityType[];
  return { dataClass: dataClassOf(entityTypes, input.rules), findings, entityTypes };
}
