import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { historyFromJson } from '../../src/audit/history-json.js';
import { replayHistories } from '../../src/audit/verify-replay.js';

const FIXTURE_DIR = join(import.meta.dirname, '..', 'fixtures', 'histories');

/**
 * The CI guard for workflow changes: every committed history (recorded by scripts/record-fixtures.ts from
 * an earlier version of the workflow code) must still replay against today's bundle. A failure here means
 * a change would break requests in flight: guard it with `patched()` (see docs/workflow-changes.md).
 */
describe('replay fixtures', () => {
  beforeAll(() => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  });

  it('every recorded history replays against the current workflow code', async () => {
    const files = readdirSync(FIXTURE_DIR).filter((file) => file.endsWith('.json') && file !== 'manifest.json');
    expect(files.length).toBeGreaterThanOrEqual(30);
    // Replay under the id each history was recorded with (scripts/record-fixtures.ts: `fixture-<name>`;
    // `v2-`/`v3-` copies keep their name): signed review decisions are bound to the workflow id.
    const histories = files.map((file) => ({
      workflowId: `fixture-${file.replace(/\.json$/, '').replace(/^v\d+-/, '')}`,
      history: historyFromJson(readFileSync(join(FIXTURE_DIR, file), 'utf8')),
    }));
    const report = await replayHistories(histories, { workflowBundlePath: inject('workflowBundlePath') });
    expect(report.details).toEqual([]);
    expect(report).toEqual({ replayed: files.length, failures: 0, details: [] });
  });
});
