import type { InjectedSinks } from '@temporalio/worker';
import type { SwitchyardCircuitSinks, SwitchyardSinks } from '../../workflows/sinks.js';
import type { SwitchyardMetrics } from './switchyard-metrics.js';

/**
 * The worker side of the workflow sinks `switchyard.requestFinished` (each finished request) and
 * `switchyardCircuit.transition` (each circuit-breaker transition): feeds them into the metrics. Not called during replay. Pass it as `createSwitchyardWorker({ options: { sinks } })`.
 */
export function createMetricsSinks(
  metrics: SwitchyardMetrics,
): InjectedSinks<SwitchyardSinks & SwitchyardCircuitSinks> {
  return {
    switchyard: {
      requestFinished: {
        fn: (_info, summary) => metrics.record(summary),
        callDuringReplay: false,
      },
    },
    switchyardCircuit: {
      transition: { fn: (_info, summary) => metrics.recordTransition(summary), callDuringReplay: false },
    },
  };
}
