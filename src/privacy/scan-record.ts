import type { ChatMessage, DataClass, PrivacyFinding } from '../policy/types.js';
import { type DataClassRules, DEFAULT_DATA_CLASS_RULES, dataClassOfFindings } from './data-class.js';
import { scanMessages, scanText } from './scan-text.js';
import type { ScanOptions } from './types.js';

/** One output line of `switchyard privacy scan`. */
export interface ScanRecordResult {
  dataClass: DataClass;
  findings: PrivacyFinding[];
}

/**
 * Scans one JSONL input line: `{"text": "..."}`, `{"messages": [{"role","content"}, …]}` (a chat request
 * body: findings then carry `message`, the index in the array; every role is scanned, the conversation as
 * a whole, see `scanMessages`), or any other JSON value (a request body, a tool result): all its strings,
 * joined by line breaks, as one text. Throws an Error naming `lineNumber` (1-based) when the line is not
 * JSON or a message has no role.
 */
export function scanRecordLine(
  line: string,
  lineNumber: number,
  options: ScanOptions & { rules?: DataClassRules & { custom?: ScanOptions['custom'] } } = {},
): ScanRecordResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new Error(`line ${lineNumber}: not valid JSON`);
  }
  const scanOptions: ScanOptions = { ...options, ...(options.rules?.custom ? { custom: options.rules.custom } : {}) };
  const record = value as { text?: unknown; messages?: unknown } | null;
  let findings: PrivacyFinding[];
  if (record && typeof record === 'object' && typeof record.text === 'string') {
    findings = scanText(record.text, scanOptions);
  } else if (record && typeof record === 'object' && Array.isArray(record.messages)) {
    record.messages.forEach((m: unknown, i: number) => {
      const msg = m as { role?: unknown } | null;
      if (!msg || typeof msg.role !== 'string') throw new Error(`line ${lineNumber}: messages[${i}] needs a "role"`);
    });
    findings = scanMessages(record.messages as ChatMessage[], scanOptions);
  } else if (value !== null && typeof value === 'object') {
    findings = scanText(stringsOf(value).join('\n'), scanOptions);
  } else {
    throw new Error(`line ${lineNumber}: expected a "text" string, a "messages" array or a JSON object`);
  }
  return { dataClass: dataClassOfFindings(findings, options.rules ?? DEFAULT_DATA_CLASS_RULES), findings };
}

/** Every string (keys excluded) in a JSON value, depth first. */
function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsOf(v, out);
  return out;
}
