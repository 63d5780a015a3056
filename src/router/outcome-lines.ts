import { readFileSync } from 'node:fs';
import type { OutcomeExample } from './strong-gain-model.js';

/** Longest text read from one line, characters (the featurizer reads at most its `maxChars` of it anyway). */
const MAX_TEXT_CHARS = 200_000;

/**
 * The text of a JSONL line: its `prompt`, or the contents of its `messages` (`[{role, content}]`, string or
 * `[{type: 'text', text}]` parts) joined by newlines. Null when it has neither.
 */
export function lineText(value: Record<string, unknown>): string | null {
  if (typeof value.prompt === 'string') return value.prompt.slice(0, MAX_TEXT_CHARS);
  if (!Array.isArray(value.messages)) return null;
  const parts: string[] = [];
  for (const message of value.messages) {
    const content = (message as { content?: unknown } | null)?.content;
    if (typeof content === 'string') parts.push(content);
    else if (Array.isArray(content))
      for (const part of content) {
        const text = (part as { text?: unknown } | null)?.text;
        if (typeof text === 'string') parts.push(text);
      }
  }
  return parts.length === 0 ? null : parts.join('\n').slice(0, MAX_TEXT_CHARS);
}

/** Reads JSONL, calling `each` with the parsed object and its 1-based line number; errors name file:line. */
export function readJsonLines(path: string, each: (value: Record<string, unknown>, line: number) => void): void {
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((raw, index) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new Error(`${path}:${index + 1}: invalid JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new Error(`${path}:${index + 1}: expected a JSON object`);
    each(value as Record<string, unknown>, index + 1);
  });
}

function flag(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  return null;
}

/** Training lines `{"prompt" | "messages", "weak_correct", "strong_correct"}` (extra fields ignored). */
export function readOutcomeLines(path: string): OutcomeExample[] {
  const examples: OutcomeExample[] = [];
  readJsonLines(path, (value, line) => {
    const text = lineText(value);
    if (text === null) throw new Error(`${path}:${line}: expected "prompt" (string) or "messages" (array)`);
    const weakCorrect = flag(value.weak_correct);
    const strongCorrect = flag(value.strong_correct);
    if (weakCorrect === null || strongCorrect === null)
      throw new Error(`${path}:${line}: expected "weak_correct" and "strong_correct" (true/false or 1/0)`);
    examples.push({ text, weakCorrect, strongCorrect });
  });
  if (examples.length === 0) throw new Error(`${path}: no lines`);
  return examples;
}

/** Prompt lines to score: each with `prompt` or `messages`. */
export function readPromptLines(path: string): string[] {
  const texts: string[] = [];
  readJsonLines(path, (value, line) => {
    const text = lineText(value);
    if (text === null) throw new Error(`${path}:${line}: expected "prompt" (string) or "messages" (array)`);
    texts.push(text);
  });
  return texts;
}
