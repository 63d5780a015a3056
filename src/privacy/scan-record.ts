import type { DataClass, PrivacyFinding } from '../policy/types.js';
import { type DataClassRules, DEFAULT_DATA_CLASS_RULES, dataClassOf } from './data-class.js';
import { scanText } from './scan-text.js';
import type { ScanOptions } from './types.js';

/** One output line of `switchyard privacy scan`. */
export interface ScanRecordResult {
  dataClass: DataClass;
  findings: PrivacyFinding[];
}

const ROLES = new Set(['system', 'user', 'assistant']);

/**
 * Scans one JSONL input line: `{"text": "..."}` or `{"messages": [{"role","content"}, …]}` (findings then
 * carry `message`, the index in the array; messages with other roles are skipped, as in `scanMessages`). Throws an Error naming `lineNumber` (1-based)
 * when the line is not JSON or has neither shape.
 */
export function scanRecordLine(
  line: string,
  lineNumber: number,
  options: ScanOptions & { rules?: DataClassRules } = {},
): ScanRecordResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new Error(`line ${lineNumber}: not valid JSON`);
  }
  const record = value as { text?: unknown; messages?: unknown } | null;
  let findings: PrivacyFinding[];
  if (record && typeof record === 'object' && typeof record.text === 'string') {
    findings = scanText(record.text, options);
  } else if (record && typeof record === 'object' && Array.isArray(record.messages)) {
    findings = [];
    record.messages.forEach((m: unknown, i: number) => {
      const msg = m as { role?: unknown; content?: unknown } | null;
      if (!msg || typeof msg.role !== 'string' || typeof msg.content !== 'string') {
        throw new Error(`line ${lineNumber}: messages[${i}] needs "role" and "content" strings`);
      }
      if (!ROLES.has(msg.role)) return;
      for (const f of scanText(msg.content, options)) findings.push({ ...f, message: i });
    });
  } else {
    throw new Error(`line ${lineNumber}: expected a "text" string or a "messages" array`);
  }
  const types = [...new Set(findings.map((f) => f.type))];
  return { dataClass: dataClassOf(types, options.rules ?? DEFAULT_DATA_CLASS_RULES), findings };
}
