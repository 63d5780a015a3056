import { proxyActivities } from '@temporalio/workflow';
import type { SwitchyardActivities } from '../activities/index.js';

const { noop } = proxyActivities<SwitchyardActivities>({ startToCloseTimeout: '10s', retry: { maximumAttempts: 1 } });

/**
 * Temporal's latency floor on this server: one workflow, one no-op activity. `switchyard bench`
 * measures the routing workflow against it.
 */
export async function floorWorkflow(): Promise<string> {
  return noop();
}
