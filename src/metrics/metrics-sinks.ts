import type { InjectedSinks } from '@temporalio/worker';
import type { SwitchyardSinks } from '../../workflows/sinks.js';
import type { SwitchyardMetrics } from './switchyard-metrics.js';

/**
 * The worker side of the workflow sink `switchyard.requestFinished`: feeds each finished request into the
 * metrics. Not called during replay. Pass it as `createSwitchyardWorker({ options: { sinks } })`.
 */
export function createMetricsSinks(metrics: SwitchyardMetrics): InjectedSinks<SwitchyardSinks> {
  return {
    switchyard: {
      requestFinished: {
        fn: (_info, summary) => metrics.record(summary),
        callDuringReplay: false,
      },
    },
  };
}
