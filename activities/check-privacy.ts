import type { CustomPrivacyRule } from '../src/privacy/custom-rules.js';
import { privacyVerdict } from '../src/privacy/data-class.js';
import { scanMessages } from '../src/privacy/scan-text.js';
import type { CheckPrivacyInput, CheckPrivacyOutput } from './types.js';

/**
 * Scans a request's whole conversation for personal data, secrets and the policy's own terms (local
 * activity). The verdict carries types and offsets, no text. The workflow passes the policy's privacy
 * section, so `custom` entries arrive with it when the policy has any.
 */
export async function checkPrivacy(input: CheckPrivacyInput): Promise<CheckPrivacyOutput> {
  const custom = (input.rules as { custom?: readonly CustomPrivacyRule[] }).custom;
  const findings = scanMessages(input.messages, { minScore: input.rules.minScore, ...(custom ? { custom } : {}) });
  return privacyVerdict(findings, input.rules);
}
