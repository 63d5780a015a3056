import { randomUUID } from 'node:crypto';
import { type Client, type WorkflowHandle, WorkflowIdConflictPolicy } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { getRouteStatusQuery, resolveReviewSignal, resolveReviewUpdate } from '../../workflows/messages.js';
import type { ReviewAck, RouteStatus, RouteWorkflowInput } from '../../workflows/types.js';
import type { LoadedPolicy } from '../config/load-policy.js';
import { firstIssue, RouteRequestSchema } from '../policy/request-schema.js';
import type { ReviewDecision, RouteRequest, RouteResult } from '../policy/types.js';
import { DEFAULT_TASK_QUEUE, WORKFLOW_ID_PREFIX } from '../temporal/defaults.js';
import { ensureSearchAttributes } from '../temporal/ensure-search-attributes.js';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes.js';

export interface RouterClientSettings {
  /** A connected Temporal client. */
  client: Client;
  /** The policy every request is routed under. */
  policy: LoadedPolicy;
  /** @default 'switchyard' */
  taskQueue?: string;
  /** Set Switchyard search attributes: `auto` registers them if missing and skips them if it cannot. @default 'auto' */
  searchAttributes?: boolean | 'auto';
  /**
   * Ask the server to hand the first workflow task straight to a local worker (saves a round trip). Only
   * takes effect when `client` uses the worker's NativeConnection. @default false
   */
  eagerStart?: boolean;
}

export interface RouteOptions {
  /** Workflow id to use. @default `route-<requestId or uuid>` */
  workflowId?: string;
  /** Overrides the review deadline, ms (drills, tests). */
  reviewDeadlineMs?: number;
}

/** A started request: its id, and ways to wait on, inspect and resolve it. */
export interface RouteHandle {
  workflowId: string;
  /** Waits for the result; `signal` stops waiting (the request itself goes on). */
  result(options?: { signal?: AbortSignal }): Promise<RouteResult>;
  status(): Promise<RouteStatus>;
  resolveReview(decision: ReviewDecision): Promise<ReviewAck>;
  signalReview(decision: ReviewDecision): Promise<void>;
  cancel(): Promise<void>;
}

/** Thrown for a request that fails validation at the edge; the message names the field. */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
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

  get policy(): LoadedPolicy {
    return this.settings.policy;
  }

  /** Routes a request and waits for its result. */
  async route(request: RouteRequest, options: RouteOptions = {}): Promise<RouteResult> {
    return (await this.start(request, options)).result();
  }

  /** Starts routing a request; returns at once with a handle. A repeated requestId joins the running request. */
  async start(request: RouteRequest, options: RouteOptions = {}): Promise<RouteHandle> {
    const parsed = RouteRequestSchema.safeParse(request);
    if (!parsed.success) throw new InvalidRequestError(`invalid request: ${firstIssue(parsed.error)}`);
    const searchAttributes = await this.searchAttributesEnabled();
    const { policy, hash } = this.settings.policy;
    const input: RouteWorkflowInput = {
      request: parsed.data as RouteRequest,
      policy,
      policyHash: hash,
      searchAttributes,
      ...(options.reviewDeadlineMs === undefined ? {} : { reviewDeadlineMs: options.reviewDeadlineMs }),
    };
    const workflowId = options.workflowId ?? `${WORKFLOW_ID_PREFIX}${parsed.data.requestId ?? randomUUID()}`;
    const handle = await this.settings.client.workflow.start('routeRequestWorkflow', {
      taskQueue: this.taskQueue,
      workflowId,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      ...(this.settings.eagerStart ? { requestEagerStart: true } : {}),
      staticSummary: `route request (policy ${policy.version})`,
      ...(searchAttributes
        ? {
            typedSearchAttributes: new TypedSearchAttributes([
              { key: SEARCH_ATTRIBUTES.policyVersion, value: policy.version },
              { key: SEARCH_ATTRIBUTES.needsReview, value: false },
            ]),
          }
        : {}),
    });
    return this.wrap(handle);
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
      result: (options = {}) =>
        options.signal
          ? this.settings.client.withAbortSignal(options.signal, () => handle.result() as Promise<RouteResult>)
          : (handle.result() as Promise<RouteResult>),
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
