import type { ChatMessage, EntityType, PrivacyFinding } from '../policy/types.js';
import { messageSegments, scanMessages } from './scan-text.js';
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
 * Tool-call arguments and tool results are redacted like any other text; arguments that were JSON stay JSON
 * (a placeholder for a bare JSON number is written as a string).
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
  return messages.map((message, index) => {
    if (typeof message.content !== 'string') return message;
    const [content = '', ...toolArguments] = redactSegments(
      messageSegments(message),
      findings.filter((f) => f.message === index),
    );
    const toolCalls = message.toolCalls?.map((call, callIndex) => ({
      ...call,
      arguments: keepJson(call.arguments, toolArguments[callIndex] ?? call.arguments),
    }));
    return { ...message, content, ...(toolCalls ? { toolCalls } : {}) };
  });
}

/**
 * Redacts each segment of a message (`messageSegments`) with the findings that fall in it; findings index
 * the segments joined by line breaks. A span across two segments is redacted in both.
 */
function redactSegments(segments: readonly string[], findings: readonly PrivacyFinding[]): string[] {
  let base = 0;
  return segments.map((segment) => {
    const shifted = findings.map((f) => ({ ...f, start: f.start - base, end: f.end - base }));
    base += segment.length + 1;
    return redactText(segment, shifted);
  });
}

/** Redacted tool-call arguments that are JSON again when the original was: bare placeholders get quotes. */
function keepJson(original: string, redacted: string): string {
  if (redacted === original || isJson(redacted) || !isJson(original)) return redacted;
  const quoted = redacted.replace(/(?<!")\[([A-Z_]+)\](?!")/g, '"[$1]"');
  return isJson(quoted) ? quoted : redacted;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
