import type { Client } from '@temporalio/client';
import type { LoadedPolicy } from '../config/load-policy.js';
import { type CollectRecordsOptions, collectReplayRecords } from './collect-records.js';
import { brokenThresholds, type FailOnThreshold } from './fail-on.js';
import { type ReplayComparison, replayRequests } from './replay-requests.js';

/** What `switchyard policy replay --json` prints: the comparison plus where it came from. */
export type PolicyReplayReport = {
  candidate: { version: string; hash: string };
  /** ISO start of the window. */
  since: string;
} & ReplayComparison & {
    /** True when more workflows matched than the listing limit. */
    truncated: boolean;
    /** `--fail-on` thresholds the report breaks (the command then exits 3). */
    broken: { threshold: string; actual: number }[];
  };

export interface PolicyReplayOptions extends CollectRecordsOptions {
  candidate: LoadedPolicy;
  /** Thresholds from `--fail-on`. @default none */
  failOn?: readonly FailOnThreshold[];
}

/** Collects the recorded requests of the window and re-decides them under the candidate policy. */
export async function runPolicyReplay(client: Client, options: PolicyReplayOptions): Promise<PolicyReplayReport> {
  const collected = await collectReplayRecords(client, options);
  const comparison = replayRequests(collected.records, options.candidate.policy, collected.skipped);
  return {
    candidate: { version: options.candidate.policy.version, hash: options.candidate.hash },
    since: options.since.toISOString(),
    ...comparison,
    truncated: collected.truncated,
    broken: brokenThresholds(comparison as unknown as Record<string, unknown>, options.failOn ?? []),
  };
}
