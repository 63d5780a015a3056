import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEvent } from '../../../src/audit/audit-events.js';
import { decodeHistory } from '../../../src/audit/decode-history.js';
import { type History, historyFromJson } from '../../../src/audit/history-json.js';

export const FIXTURE_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'histories');

export interface FixtureEntry {
  name: string;
  workflowId: string;
  outcome: string;
  route: string | null;
  model: string | null;
  attempts: string[];
}

export function fixtureManifest(): FixtureEntry[] {
  return (JSON.parse(readFileSync(join(FIXTURE_DIR, 'manifest.json'), 'utf8')) as { fixtures: FixtureEntry[] })
    .fixtures;
}

export function fixtureHistory(name: string): History {
  return historyFromJson(readFileSync(join(FIXTURE_DIR, `${name}.json`), 'utf8'));
}

export function fixtureEvents(name: string): Promise<AuditEvent[]> {
  return decodeHistory(fixtureHistory(name));
}
