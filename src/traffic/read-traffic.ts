import { readFileSync } from 'node:fs';
import { firstIssue, RouteRequestSchema } from '../policy/request-schema.js';
import type { RouteRequest } from '../policy/types.js';

/** One line of a traffic file: a request plus optional expectations (labels for scoring). */
export interface TrafficItem {
  request: RouteRequest;
  expect: { intent?: string; route?: string; dataClass?: string };
  /** 1-based line in the file. */
  line: number;
}

/**
 * Reads a traffic JSONL file. Each line is a request (`{"messages":[...]}`) or a shorthand `{"text": ...}`,
 * with optional `metadata`, `route`, `expect`. Errors name file and line.
 */
export function readTraffic(path: string): TrafficItem[] {
  const items: TrafficItem[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((raw, index) => {
      const line = index + 1;
      if (raw.trim() === '') return;
      let value: Record<string, unknown>;
      try {
        value = JSON.parse(raw) as Record<string, unknown>;
      } catch (error) {
        throw new Error(`${path}:${line}: invalid JSON (${(error as Error).message})`);
      }
      const { text, expect, label, ...rest } = value;
      const candidate =
        typeof text === 'string' && !rest.messages ? { ...rest, messages: [{ role: 'user', content: text }] } : rest;
      const parsed = RouteRequestSchema.safeParse(candidate);
      if (!parsed.success) throw new Error(`${path}:${line}: ${firstIssue(parsed.error)}`);
      const expectations = (expect ?? {}) as TrafficItem['expect'];
      if (typeof label === 'string') expectations.intent = label;
      items.push({ request: parsed.data as RouteRequest, expect: expectations, line });
    });
  return items;
}
