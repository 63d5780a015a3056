import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHistory } from '../../../src/audit/decode-history.js';
import { historyFromJson } from '../../../src/audit/history-json.js';
import { loadPolicyFile } from '../../../src/config/load-policy.js';
import { type ReplayRecord, replayRecordOf, type SkippedRecord } from '../../../src/policy-replay/replay-record.js';
import { replayRequests } from '../../../src/policy-replay/replay-requests.js';

const FIXTURE_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'histories');

/**
 * Histories recorded by earlier versions of the workflow (policy in the input, two inspection markers, no access
 * rules, …) decode into replay records, and re-decide under their own policy to exactly what they recorded.
 */
describe('policy replay over committed history fixtures', () => {
  it('every fixture decodes and re-decides under its own recorded policy without changes', async () => {
    const files = readdirSync(FIXTURE_DIR).filter((file) => file.endsWith('.json') && file !== 'manifest.json');
    const decoded: (ReplayRecord | SkippedRecord)[] = [];
    for (const file of files) {
      const events = await decodeHistory(historyFromJson(readFileSync(join(FIXTURE_DIR, file), 'utf8')));
      decoded.push(replayRecordOf(file.replace(/\.json$/, ''), events));
    }
    const skipped = decoded.filter((item): item is SkippedRecord => 'reason' in item);
    const records = decoded.filter((item): item is ReplayRecord => !('reason' in item));
    // The fixtures that are not requests: a circuit breaker's entity workflow, a sampled answer's grading workflow.
    expect(skipped).toEqual([
      { workflowId: 'circuit-entity', reason: 'not a routing workflow' },
      { workflowId: 'grade-quality-sampled', reason: 'not a routing workflow' },
    ]);
    expect(records.length).toBe(files.length - 2);
    expect(records.filter((record) => record.caller === null).length).toBeGreaterThan(0);
    for (const record of records) {
      const report = replayRequests([record], record.policy);
      expect({ id: record.workflowId, ...report }).toMatchObject({
        id: record.workflowId,
        requests: 1,
        skipped: 0,
        routeChanges: 0,
        newlyReviewed: 0,
        noLongerReviewed: 0,
        dataClassViolations: 0,
        activeMismatches: 0,
      });
    }
    // And under today's fault-drill policy file, as a candidate: every recorded drill re-decides.
    const drills = records.filter((record) => record.policy.version.startsWith('fault-drill'));
    expect(drills.length).toBeGreaterThanOrEqual(20);
    const report = replayRequests(drills, loadPolicyFile('examples/policies/fault-drill.yaml').policy);
    expect(report).toMatchObject({ requests: drills.length, skipped: 0, dataClassViolations: 0 });
  });
});
