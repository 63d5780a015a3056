import { randomUUID } from 'node:crypto';
import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  type WorkflowHandle,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { InspectionsAhead } from '../../activities/inspections-ahead.js';
import { getRouteStatusQuery, resolveReviewSignal, resolveReviewUpdate } from '../../workflows/messages.js';
import type { ReviewAck, RouteStatus, RouteWorkflowInput } from '../../workflows/types.js';
import type { LoadedPolicy } from '../config/load-policy.js';
import { firstIssue, RouteRequestSchema } from '../policy/request-schema.js';
import { canonicalPrincipal, digestOf, signStatement } from '../policy/signatures.js';
import type { StreamTicket } from '../policy/stream-ticket.js';
import type { ReviewDecision, RouteRequest, RouteResult } from '../policy/types.js';
import { ENCRYPTION_REQUIRED } from '../policy/unencrypted-payload.js';
import { DEFAULT_TASK_QUEUE, WORKFLOW_ID_PREFIX } from '../temporal/defaults.js';
import { ensureSearchAttributes } from '../temporal/ensure-search-attributes.js';
import { routeMemo } from '../temporal/route-memo.js';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes.js';
import { withServerReason } from '../temporal/service-error.js';

export interface RouterClientSettings {
  /** A connected Temporal client. */
  client: Client;
  /**
   * Policy version requests are routed under; the worker must hold it (it runs only its own policies).
   * @default `policy`'s version, else the worker's default policy
   */
  policyVersion?: string;
  /**
   * A local copy of the worker's policy (for listing models and messages at the edge). Requests carry only
   * its version and hash, never the policy: a worker holding a different policy under that version refuses
   * them. @default none
   */
  policy?: LoadedPolicy;
  /** @default 'switchyard' */
  taskQueue?: string;
  /** Set Switchyard search attributes: `auto` registers them if missing and skips them if it cannot. @default 'auto' */
  searchAttributes?: boolean | 'auto';
  /**
   * Ask the server to hand the first workflow task straight to a local worker (saves a round trip). Only
   * takes effect when `client` uses the worker's NativeConnection. @default false
   */
  eagerStart?: boolean;
  /**
   * A client on the worker's NativeConnection that starts workflows eagerly (see eagerStartInterceptor): used for the
   * start call only, so the first workflow task runs on this worker; waiting for results, queries, updates and lists
   * go through `client`, on its own connection (long polls on the worker's connection once held up a list call).
   * @default `client`
   */
  starter?: Client;
  /**
   * The worker in this process, told of each start so it inspects the request while the server records the start
   * (activities/inspections-ahead.ts; `startWorkerStack` and the embedded gateway set it). @default none
   */
  inspectAhead?: Pick<InspectionsAhead, 'offer' | 'withdraw'>;
}

export interface RouteOptions {
  /** Workflow id to use. @default `route-<requestId or uuid>` (`route-<caller>/<requestId>` with a caller) */
  workflowId?: string;
  /** Overrides the review deadline, ms (drills, tests). */
  reviewDeadlineMs?: number;
  /**
   * Who is asking, for the policy's `access` grants: a caller name and its credential (a gateway API key,
   * or a service credential whose public key the worker lists). The credential signs a claim bound to
   * this request; it never travels itself. @default anonymous (no grants)
   */
  caller?: CallerCredential;
  /** Send the answer live to this gateway stream as models produce it (the gateway's `stream: true`). */
  stream?: StreamTicket;
}

/** A caller identity and the secret that proves it. */
export interface CallerCredential {
  name: string;
  credential: string;
}

/** A started request: its id, and ways to wait on, inspect and resolve it. */
export interface RouteHandle {
  workflowId: string;
  /**
   * Waits for the result; `signal` stops waiting (the request itself goes on); `timeoutMs` bounds the wait's
   * gRPC calls, retries included (they fail with DEADLINE_EXCEEDED past it), ms. @default no bound
   */
  result(options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<RouteResult>;
  status(): Promise<RouteStatus>;
  resolveReview(decision: ReviewDecision): Promise<ReviewAck>;
  signalReview(decision: ReviewDecision): Promise<void>;
  cancel(): Promise<void>;
}

/** Thrown for a request that fails validation at the edge; the message names the field. */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
}

/** Thrown when a request id (idempotency key) is reused for a request with different content. */
export class IdempotencyConflictError extends Error {
  override readonly name = 'IdempotencyConflictError';
}

/** Thrown when the worker refused a request because its payloads were not encrypted. */
export class EncryptionRequiredError extends Error {
  override readonly name = 'EncryptionRequiredError';
}

/**
 * The workflow id of a request: `route-<requestId>`, or `route-<caller>/<requestId>` with a caller, and a
 * fresh uuid in place of a missing requestId. Fixing it before the first start call lets a start be
 * re-issued after a lost connection without ever starting a second run.
 */
export function routeWorkflowId(requestId: string | undefined, caller?: Pick<CallerCredential, 'name'>): string {
  // Request ids are scoped by caller, so one caller can never join (and read) another caller's request;
  // `/` appears in no request id, so no anonymous id can take a caller's.
  const scope = caller ? `${canonicalPrincipal(caller.name)}/` : '';
  return `${WORKFLOW_ID_PREFIX}${scope}${requestId ?? randomUUID()}`;
}

/** A caller's claim to its name: the credential signs the request for this workflow id (it never travels). */
function callerClaim(caller: CallerCredential, workflowId: string, request: RouteRequest) {
  const name = canonicalPrincipal(caller.name);
  const statement = { caller: name, request: digestOf(request) };
  return { name, signature: signStatement(caller.credential, 'caller', workflowId, statement) };
}

/** Turns the worker's EncryptionRequired refusal into a clear error; anything else passes through. */
function explainFailure(error: unknown): never {
  if (
    error instanceof WorkflowFailedError &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === ENCRYPTION_REQUIRED
  ) {
    throw new EncryptionRequiredError(
      'the worker requires encrypted payloads and refused this request: configure this client with the same codec keys (SWITCHYARD_CODEC_KEYS or SWITCHYARD_CODEC_KEY_FILE)',
    );
  }
  throw error;
}

/**
 * How services use Switchyard: route a request and wait, or start it and keep a handle. Validates at
 * the edge and passes the parsed policy, its version and hash into the workflow.
 */
export class RouterClient {
  readonly taskQueue: string;
  private searchAttributesReady: Promise<boolean> | null = null;

  constructor(private readonly settings: RouterClientSettings) {
    this.taskQueue = settings.taskQueue ?? DEFAULT_TASK_QUEUE;
  }

  /** The local copy of the policy, if one was given. */
  get policy(): LoadedPolicy | undefined {
    return this.settings.policy;
  }

  /** The local copy of the policy, for edges that describe it (model lists, review pages); throws without one. */
  requirePolicy(): LoadedPolicy {
    if (!this.settings.policy) throw new Error('this RouterClient was created without a local policy copy (`policy`)');
    return this.settings.policy;
  }

  /** Routes a request and waits for its result. */
  async route(request: RouteRequest, options: RouteOptions = {}): Promise<RouteResult> {
    return (await this.start(request, options)).result();
  }

  /**
   * Starts routing a request; returns at once with a handle. The requestId is an idempotency key: repeating
   * it (while the first request runs, or after it finished, within the namespace's retention period) returns
   * a handle to that request — no new run, no new provider call. A repeat with different content is refused.
   */
  async start(request: RouteRequest, options: RouteOptions = {}): Promise<RouteHandle> {
    const parsed = RouteRequestSchema.safeParse(request);
    if (!parsed.success) throw new InvalidRequestError(`invalid request: ${firstIssue(parsed.error)}`);
    const routed = parsed.data;
    const searchAttributes = await this.searchAttributesEnabled();
    const workflowId = options.workflowId ?? routeWorkflowId(routed.requestId, options.caller);
    const version = this.settings.policyVersion ?? this.settings.policy?.policy.version;
    const requestDigest = digestOf(routed);
    const input: RouteWorkflowInput = {
      request: routed,
      ...(version === undefined ? {} : { policyVersion: version }),
      ...(this.settings.policy && version === this.settings.policy.policy.version
        ? { policyHash: this.settings.policy.hash }
        : {}),
      ...(options.caller ? { caller: callerClaim(options.caller, workflowId, routed) } : {}),
      searchAttributes,
      ...(options.reviewDeadlineMs === undefined ? {} : { reviewDeadlineMs: options.reviewDeadlineMs }),
      ...(options.stream ? { stream: options.stream } : {}),
    };
    const ahead = this.settings.inspectAhead;
    try {
      const starting = (this.settings.starter ?? this.settings.client).workflow.start('routeRequestWorkflow', {
        taskQueue: this.taskQueue,
        workflowId,
        args: [input],
        // Idempotency: a running or closed request with this id is never started again (see catch below).
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        // The memo says whether the run writes search attributes: `SwitchyardNeedsReview` is set only when it parks.
        memo: routeMemo(requestDigest, searchAttributes),
        ...(this.settings.eagerStart ? { requestEagerStart: true } : {}),
        staticSummary: `route request (policy ${version ?? 'worker default'})`,
      });
      // On the wire by the time the worker inspects (next turn of the event loop); the start takes ~2 ms to record.
      ahead?.offer(workflowId, input, requestDigest);
      const started = await starting;
      const handle = this.settings.starter
        ? this.settings.client.workflow.getHandle(workflowId, undefined, {
            firstExecutionRunId: started.firstExecutionRunId,
          })
        : started;
      return this.wrap(handle);
    } catch (error) {
      ahead?.withdraw(workflowId);
      // The server's reason (e.g. an unmapped search attribute) travels in the error's gRPC cause: keep it.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw withServerReason(error);
      const existing = this.settings.client.workflow.getHandle(workflowId);
      const recorded = (await existing.describe()).memo?.requestDigest;
      // A run without our digest (started some other way) is never handed over: it may be a squatter's.
      if (recorded !== requestDigest) {
        throw new IdempotencyConflictError(
          `request id ${routed.requestId ?? workflowId} was already used for a different request`,
        );
      }
      return this.wrap(existing);
    }
  }

  /** A handle to an existing request. */
  handle(workflowId: string): RouteHandle {
    return this.wrap(this.settings.client.workflow.getHandle(workflowId));
  }

  /** The result of a request (waits if it is still running). */
  result(workflowId: string): Promise<RouteResult> {
    return this.handle(workflowId).result();
  }

  /** Requests waiting for a person (needs Switchyard's search attributes), newest first. */
  async pendingReviews(): Promise<{ workflowId: string; startTime: Date }[]> {
    const pending: { workflowId: string; startTime: Date }[] = [];
    const query = `${SEARCH_ATTRIBUTES.needsReview.name} = true AND ExecutionStatus = 'Running'`;
    for await (const execution of this.settings.client.workflow.list({ query })) {
      pending.push({ workflowId: execution.workflowId, startTime: execution.startTime });
    }
    return pending;
  }

  private wrap(handle: WorkflowHandle): RouteHandle {
    return {
      workflowId: handle.workflowId,
      result: (options = {}) => {
        const { client } = this.settings;
        const { signal, timeoutMs } = options;
        const wait = () => handle.result() as Promise<RouteResult>;
        const stoppable = signal ? () => client.withAbortSignal(signal, wait) : wait;
        const bounded =
          timeoutMs === undefined ? stoppable : () => client.withDeadline(Date.now() + timeoutMs, stoppable);
        return bounded().catch(explainFailure);
      },
      status: () => handle.query(getRouteStatusQuery),
      resolveReview: (decision) => handle.executeUpdate(resolveReviewUpdate, { args: [decision] }),
      signalReview: (decision) => handle.signal(resolveReviewSignal, decision),
      cancel: () => handle.cancel().then(() => undefined),
    };
  }

  private searchAttributesEnabled(): Promise<boolean> {
    const setting = this.settings.searchAttributes ?? 'auto';
    if (setting !== 'auto') return Promise.resolve(setting);
    this.searchAttributesReady ??= ensureSearchAttributes(
      this.settings.client.connection,
      this.settings.client.options.namespace,
    );
    return this.searchAttributesReady;
  }
}
