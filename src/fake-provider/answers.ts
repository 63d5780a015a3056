import { createHash } from 'node:crypto';
import { sampleForSchema } from './sample-for-schema.js';

/** Rough token count used by the fake for usage: ceil(characters / 4). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Short stable hex digest of a string (request keys, answer references). */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/**
 * The deterministic answer of a healthy fake model: never echoes the prompt, differs per request key so
 * cached and fresh answers can be told apart. With `json`, a valid JSON object.
 */
export function answerFor(
  model: string,
  requestKey: string,
  json: boolean,
  schema: Record<string, unknown> | null = null,
): string {
  const reference = shortHash(requestKey).slice(0, 8);
  if (schema) return JSON.stringify(sampleForSchema(schema, `Simulated answer ${reference}.`));
  if (json) return JSON.stringify({ answer: `Simulated answer ${reference}.`, model });
  return `Thanks for your message. This is a simulated answer from model ${model} (ref ${reference}).`;
}

/** What `bad-json` says, whatever format was asked for. */
export function proseAnswer(model: string): string {
  return `Sure! Here is what I found, in plain words rather than JSON (model ${model}).`;
}

/** Splits an answer into small stream chunks of about two words each, keeping all whitespace. */
export function chunkAnswer(text: string): string[] {
  const words = text.match(/\S+\s*/g) ?? [];
  const chunks: string[] = [];
  for (let index = 0; index < words.length; index += 2) {
    chunks.push(words.slice(index, index + 2).join(''));
  }
  const leading = text.match(/^\s+/)?.[0];
  if (leading && chunks.length > 0) chunks[0] = leading + chunks[0];
  return chunks.length > 0 ? chunks : [text];
}

/**
 * What `almost-json` says: a valid JSON answer spoiled as models often do (single quotes, a trailing comma, a
 * ```json fence), which a JSON repair fixes.
 */
export function almostJson(valid: string): string {
  const spoiled = valid.replace(/"/g, "'").replace(/([}\]])$/, ',$1');
  return `\`\`\`json\n${spoiled}\n\`\`\``;
}
