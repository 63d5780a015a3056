import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { ActivityDeps } from '../../activities/index.js';
import type { InspectionsAhead } from '../../activities/inspections-ahead.js';
import { reviewerPublicKeysOf } from '../../src/auth/reviewer-keys.js';
import type { RouterClient } from '../../src/client/router-client.js';
import { createDataConverter } from '../../src/codec/data-converter.js';
import type { CodecKey } from '../../src/codec/keys.js';
import { type LoadedPolicy, loadPolicyFile, parsePolicyText } from '../../src/config/load-policy.js';
import type { FakeModelProfile, FakeProvider } from '../../src/fake-provider/index.js';
import { signReviewDecision, type UnsignedReviewDecision } from '../../src/policy/review-decision.js';
import { canonicalPrincipal } from '../../src/policy/signatures.js';
import type { ReviewDecision } from '../../src/policy/types.js';
import { startWorkerStack } from '../../src/stack/start-worker-stack.js';
import type { CanarySource } from '../../src/worker/canary-config.js';
import { loadWorkerTrust } from '../../src/worker/worker-config.js';

export interface Harness {
  client: Client;
  router: RouterClient;
  fake: FakeProvider;
  worker: Worker;
  policy: LoadedPolicy;
  taskQueue: string;
  /** What `router` offers the worker to inspect ahead of each workflow; null with `inspectAhead: false`. */
  inspectionsAhead: InspectionsAhead | null;
  /** Workflow ids started through `router`, for replay checks. */
  started: string[];
  /** A token per reviewer on the policy's allow-list (identity → token); the worker trusts their public keys. */
  reviewerTokens: Record<string, string>;
  /** Signs a decision for one request with the token of `decision.reviewer` (as the review tools do). */
  signDecision(workflowId: string, decision: UnsignedReviewDecision): ReviewDecision;
  stop(): Promise<void>;
}

export interface HarnessSettings {
  /** A policy file, or inline YAML. */
  policyFile?: string;
  policyYaml?: string;
  fakeProfiles?: Record<string, FakeModelProfile>;
  activities?: ActivityDeps;
  /** Encrypt payloads with these keys (worker and client). @default none, whatever the environment says */
  codecKeys?: CodecKey[];
  /** Policy the worker decides in shadow beside the active one (docs/policy-rollout.md). @default none */
  shadowPolicy?: LoadedPolicy;
  /** More policies the worker holds besides `policyFile`/`policyYaml` (which is its default). */
  extraPolicies?: LoadedPolicy[];
  /** Reviewer public keys the worker trusts (canonical identity → hex). @default those of `reviewerTokens` */
  reviewerKeys?: Record<string, string>;
  /** Caller public keys the worker trusts (canonical name → hex). @default none */
  callerKeys?: Record<string, string>;
  /** The client's codec keys when they differ from the worker's (`null`: a client without keys). */
  clientCodecKeys?: CodecKey[] | null;
  /** A canary policy on the worker (see canarySourceOf). @default none */
  canary?: CanarySource;
  /** The worker refuses unencrypted payloads (as a worker holding codec keys does). @default true with codecKeys */
  refuseUnencrypted?: boolean;
  /** The RouterClient offers each request for inspection ahead of its workflow (inspections-ahead.ts). @default true */
  inspectAhead?: boolean;
}

/**
 * A worker on its own task queue (so test files never take each other's tasks) against the shared dev
 * server, plus a fresh fake provider and a RouterClient. Real Temporal, real HTTP; nothing mocked.
 */
export async function startHarness(settings: HarnessSettings): Promise<Harness> {
  quietRuntime();
  const address = inject('temporalAddress');
  const namespace = inject('temporalNamespace');
  const policy = settings.policyFile
    ? loadPolicyFile(settings.policyFile)
    : parsePolicyText(settings.policyYaml ?? '', '/virtual/test-policy.yaml', 'test-policy.yaml');
  const taskQueue = `test-${randomUUID().slice(0, 8)}`;
  const refuseUnencrypted = settings.refuseUnencrypted ?? settings.codecKeys !== undefined;
  const dataConverter = settings.codecKeys ? createDataConverter(settings.codecKeys, { refuseUnencrypted }) : {};
  const clientKeys = settings.clientCodecKeys === undefined ? settings.codecKeys : settings.clientCodecKeys;
  const clientConverter = clientKeys ? createDataConverter(clientKeys) : {};
  const reviewerTokens = Object.fromEntries(
    policy.policy.review.reviewers.map((reviewer) => [canonicalPrincipal(reviewer), `test-token-${randomUUID()}`]),
  );
  const byToken = Object.fromEntries(Object.entries(reviewerTokens).map(([reviewer, token]) => [token, reviewer]));
  const trust = loadWorkerTrust(
    { loaded: [policy, ...(settings.extraPolicies ?? [])] },
    {
      env: {},
      canary: settings.canary ?? null,
      ...(settings.shadowPolicy ? { shadowPolicy: settings.shadowPolicy } : {}),
    },
  );
  const stack = await startWorkerStack({
    address,
    namespace,
    taskQueue,
    trust: {
      ...trust,
      reviewerKeys: Object.freeze(settings.reviewerKeys ?? reviewerPublicKeysOf(byToken)),
      callerKeys: Object.freeze({ ...settings.callerKeys }),
    },
    fake: { port: 0, ...(settings.fakeProfiles ? { profiles: settings.fakeProfiles } : {}) },
    workflowBundlePath: inject('workflowBundlePath'),
    // Explicit converters (empty: plain payloads), whatever the environment says.
    workerDataConverter: dataConverter,
    clientDataConverter: clientConverter,
    ...(settings.activities ? { activities: settings.activities } : {}),
    ...(settings.inspectAhead === false ? { inspectAhead: false } : {}),
  });
  const { client, router, worker } = stack;
  const fake = stack.fake!;
  const started: string[] = [];
  const originalStart = router.start.bind(router);
  router.start = async (request, options) => {
    const handle = await originalStart(request, options);
    started.push(handle.workflowId);
    return handle;
  };
  return {
    client,
    router,
    fake,
    worker,
    policy,
    taskQueue,
    inspectionsAhead: stack.inspectionsAhead,
    started,
    reviewerTokens,
    signDecision(workflowId, decision) {
      const token = reviewerTokens[canonicalPrincipal(decision.reviewer)] ?? 'not-a-reviewer-token-000000';
      return signReviewDecision(token, workflowId, decision);
    },
    stop: stack.stop,
  };
}

let runtimeInstalled = false;

/** Temporal's runtime logs at WARN in tests (installable once per process). */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

/** CLI flags that point a child-process `switchyard` command at the shared dev server and this harness's queue. */
export function temporalFlags(harness: Harness): string[] {
  return [
    '--address',
    inject('temporalAddress'),
    '--namespace',
    inject('temporalNamespace'),
    '--task-queue',
    harness.taskQueue,
  ];
}
