import type { ChatMessage, EntityType, PrivacyFinding } from '../policy/types.js';
import { scanMessages } from './scan-text.js';
import type { ScanOptions } from './types.js';

/** The placeholder written in place of a span of the given type, e.g. `[CREDIT_CARD]`. */
export function placeholderFor(type: EntityType): string {
  return `[${type.toUpperCase()}]`;
}

/**
 * Replaces each finding's span with its typed placeholder (`[EMAIL]`, `[CREDIT_CARD]`, …). Findings may
 * come in any order and may overlap (overlapping spans are merged and take the type of the first, by
 * start); spans outside the text are clipped. Findings with a `message` index must be filtered to the
 * right message by the caller.
 */
export function redactText(text: string, findings: readonly PrivacyFinding[]): string {
  const spans = findings
    .map((f) => ({ type: f.type, start: Math.max(0, f.start), end: Math.min(text.length, f.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let pos = 0;
  for (const s of spans) {
    if (s.start < pos) {
      // Overlaps the previous span: extend it instead of writing a second placeholder.
      pos = Math.max(pos, s.end);
      continue;
    }
    out += text.slice(pos, s.start) + placeholderFor(s.type);
    pos = s.end;
  }
  return out + text.slice(pos);
}

/**
 * A copy of a conversation with every personal-data span (score ≥ `minScore`) replaced by its placeholder.
 * The conversation is scanned as a whole (`scanMessages`), so a number split over two messages is
 * redacted in both; offsets are the original text's, so no-break spaces, full-width digits or zero-width
 * characters inside an identifier are replaced with it.
 */
export function redactMessages(
  messages: readonly ChatMessage[],
  minScore: number,
  options: Omit<ScanOptions, 'minScore'> = {},
): ChatMessage[] {
  const findings = scanMessages(messages, { ...options, minScore });
  return messages.map((message, index) =>
    typeof message.content !== 'string'
      ? message
      : {
          ...message,
          content: redactText(
            message.content,
            findings.filter((f) => f.message === index),
          ),
        },
  );
}
