import { CancellationScope, proxyActivities, sleep } from '@temporalio/workflow';
import type { SwitchyardActivities } from '../activities/index.js';
import type { RoutePlan } from '../src/policy/decide-route.js';
import { type InterimPlan, interimPlan } from '../src/policy/interim.js';
import type { AttemptRole } from '../src/policy/types.js';
import type { RouteRun } from './route-run.js';

/** A running interim timer; `stop` when the ladder has its end (the answer, or no answer to wait for). */
export interface InterimWatch {
  stop(): void;
}

const NO_WATCH: InterimWatch = { stop: () => undefined };

/**
 * Starts the route's interim timer for the request's own ladder (docs/streaming.md#interim-messages): when the ladder
 * has not ended `afterMs` after it began, the interim message goes to the client's stream or the route's webhook
 * (`sendInterim`, not awaited: the model keeps working and the answer never waits for the delivery). Latest rules
 * only (`request-rules-2026-12`); drafts, reroutes and review-timeout calls get none. A durable timer works for
 * attempts run as activities; an attempt run as a local activity holds the workflow task, so the timer would fire
 * only when that task heartbeats.
 */
export function watchForInterim(run: RouteRun, plan: RoutePlan, role: AttemptRole): InterimWatch {
  if (!run.latestRules || role !== 'primary') return NO_WATCH;
  const interim = interimPlan(run.policy, plan.route, Boolean(run.input.stream));
  if (!interim) return NO_WATCH;
  const scope = new CancellationScope();
  let ended = false;
  scope
    .run(() => sleep(interim.afterMs))
    .then(
      () => {
        if (!ended) send(run, plan.route, interim);
      },
      () => undefined, // cancelled: the ladder ended first
    );
  return {
    stop() {
      if (ended) return;
      ended = true;
      scope.cancel();
    },
  };
}

function send(run: RouteRun, route: string, interim: InterimPlan): void {
  const target = interim.channel === 'stream' ? "the client's stream" : 'the interim webhook';
  run.note({ step: 'interim', outcome: 'sent', reason: `no answer after ${interim.afterMs} ms: message to ${target}` });
  run.recordDecisions();
  const { sendInterim } = proxyActivities<SwitchyardActivities>({
    startToCloseTimeout: '15s',
    retry: {
      maximumAttempts: interim.channel === 'stream' ? 2 : (interim.webhook?.maxAttempts ?? 3),
      initialInterval: '500ms',
      backoffCoefficient: 2,
      nonRetryableErrorTypes: ['ProviderMisconfigured', 'StreamGone'],
    },
    summary: 'interim message',
  });
  sendInterim({
    workflowId: run.workflowId,
    route,
    message: interim.message,
    ...(interim.channel === 'stream'
      ? { stream: run.input.stream ?? null }
      : { webhook: { url: interim.webhook!.url, signingSecretEnv: interim.webhook!.signingSecretEnv ?? null } }),
  }).then(
    () => undefined,
    (error: Error) =>
      run.note({
        step: 'interim',
        outcome: 'failed',
        reason: `interim message not delivered: ${((error.cause as Error | undefined)?.message ?? error.message).slice(0, 200)}`,
      }),
  );
}
