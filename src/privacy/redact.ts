import type { ChatMessage, EntityType, PrivacyFinding } from '../policy/types.js';
import { scanText } from './scan-text.js';

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

/** A copy of a conversation with every personal-data span (score ≥ `minScore`) replaced by its placeholder. */
export function redactMessages(messages: readonly ChatMessage[], minScore: number): ChatMessage[] {
  return messages.map((message) => ({
    ...message,
    content: redactText(message.content, scanText(message.content, { minScore })),
  }));
}
