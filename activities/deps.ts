import type { AnswerStore } from '../src/cache/memory-store.js';
import type { CanaryBoard } from '../src/canary/canary-board.js';
import type { WorkerCanary } from '../src/canary/worker-canary.js';
import type { CircuitBoard } from '../src/circuit/circuit-board.js';
import type { LearnedIntentModel } from '../src/classify/cascade.js';
import type { LoadedPolicy } from '../src/config/load-policy.js';
import type { PolicyRegistry } from '../src/config/policy-registry.js';
import type { FastPathGrant } from '../src/policy/fast-path.js';
import type { IntentConfig } from '../src/policy/schema.js';
import type { PublicKeys } from '../src/policy/signatures.js';
import type { AdapterSettings } from '../src/providers/adapter-settings.js';
import type { ModelAdapter } from '../src/providers/types.js';
import type { StreamSinks } from '../src/streaming/stream-sinks.js';
import type { InspectionsAhead } from './inspections-ahead.js';
import type { ClassifierSource } from './types.js';

/** Where the built-in fake provider listens when nothing else is configured. */
export const DEFAULT_FAKE_PROVIDER_URL = 'http://127.0.0.1:8787';

/** What activities need from the process that hosts them (seams for tests and embedding). */
export interface ActivityDeps {
  /**
   * The worker's own policies and keys. Routing needs it: a request names at most a policy version, and
   * provider endpoints and key variables come only from here. @default none (requests are rejected)
   */
  trust?: WorkerTrust;
  /** Base URL (no /v1) of the fake provider, for providers marked `fakeProvider`. @default DEFAULT_FAKE_PROVIDER_URL */
  fakeProviderUrl?: string;
  /** Environment for API keys and base-URL overrides. @default process.env */
  env?: Record<string, string | undefined>;
  /** Builds the adapter for one provider model. @default src/providers createAdapter */
  createAdapter?: (settings: AdapterSettings) => ModelAdapter;
  /** Gateway origins live answers may be sent to. @default from SWITCHYARD_STREAM_SINKS, else loopback (stream-sinks.ts) */
  streamSinks?: StreamSinks;
  /**
   * The worker's view of the shared circuit breakers (docs/circuit-breaker.md). @default the process's board
   * (`sharedCircuitBoard()`); a test gives each worker its own to show the state is shared through Temporal.
   */
  circuits?: CircuitBoard;
  /** The worker's view of its canary controller (docs/policy-rollout.md). @default the process's `sharedCanaryBoard()` */
  canaryBoard?: CanaryBoard;
  /**
   * Where routes with `cache` keep answers (docs/router.md, "Answer cache"). @default a MemoryAnswerStore per
   * `createActivities` call (embedded in the worker, lost on restart)
   */
  answerStore?: AnswerStore;
  /**
   * The fast path this worker grants (docs/workflow-changes.md, "The fast path"), recorded with each request's
   * policy; false turns it off. @default from SWITCHYARD_FAST_PATH (`off`, or the longest attempt limit in ms), else
   * DEFAULT_FAST_PATH
   */
  fastPath?: FastPathGrant | false;
  /**
   * Inspections a RouterClient in this process asked for ahead of their workflows (activities/inspections-ahead.ts);
   * `resolvePolicy` takes a matching one instead of inspecting. @default none
   */
  inspectionsAhead?: InspectionsAhead;
  /** Loads (or trains) the local learned intent model. Without it, classification uses the policy's rules only. */
  loadClassifier?: (
    source: ClassifierSource,
    intents: Readonly<Record<string, IntentConfig>>,
  ) => LearnedIntentModel & { threshold?: number };
}

/**
 * What a worker trusts, all from its own configuration (ARCHITECTURE §0): the policies it runs, the public
 * keys of reviewers and callers. Nothing here comes from a request. (Encrypted payloads are enforced by the
 * worker's data converter: `refuseUnencrypted`.)
 */
export interface WorkerTrust {
  policies: PolicyRegistry;
  /** Canonical reviewer identity → Ed25519 public key (hex). */
  reviewerKeys: PublicKeys;
  /** Canonical caller name → Ed25519 public key (hex). */
  callerKeys: PublicKeys;
  /** A candidate policy taking a slice of the default version's traffic (docs/policy-rollout.md). @default none */
  canary?: WorkerCanary;
  /** Policy decided in shadow beside every request's active one, never called (docs/policy-rollout.md). @default none */
  shadow?: LoadedPolicy | null;
}
