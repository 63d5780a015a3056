import type { Command, OptionValues } from '@commander-js/extra-typings';
import { runOutageBench } from '../../bench/outage.js';
import { OUTAGE_FAULTS, type OutageFault, outagePolicy } from '../../bench/outage-policy.js';
import { renderOutage } from '../../bench/render-bench.js';
import { onBenchStack } from '../bench-frame.js';
import { createProgress } from '../progress.js';
import { positiveInteger } from '../shared-options.js';

/** `switchyard bench outage`: time to answer per request while the primary is down, with and without the breaker. */
export function registerBenchOutageCommand<A extends unknown[], O extends OptionValues, G extends OptionValues>(
  bench: Command<A, O, G>,
): void {
  bench
    .command('outage')
    .description(
      'time to answer of the 1st…Nth request while the primary is down, with and without the circuit breaker',
    )
    .option('--requests <n>', 'sequential requests per mode', positiveInteger('--requests'), 15)
    .option('--fault <kind>', `how the primary fails: ${OUTAGE_FAULTS.join(' or ')}`, parseFault, '5xx' as OutageFault)
    .option('--address <host:port>', 'existing Temporal (default: TEMPORAL_ADDRESS, else an embedded dev server)')
    .option('--json', 'print JSON')
    .action(async (options) => {
      if (options.requests < 1) throw new Error('--requests must be >= 1');
      const result = await onBenchStack(options, { policy: outagePolicy(options.fault) }, async (stack) => {
        const progress = createProgress(options.requests * 2, options.json ? 'silent' : 'auto');
        const result = await runOutageBench(stack, {
          fault: options.fault,
          requests: options.requests,
          onProgress: (done) => progress.update(done),
        });
        progress.stop();
        return result;
      });
      console.log(options.json ? JSON.stringify(result) : renderOutage(result));
    });
}

function parseFault(value: string): OutageFault {
  if (!(OUTAGE_FAULTS as readonly string[]).includes(value))
    throw new Error(`--fault must be ${OUTAGE_FAULTS.join(' or ')}, got "${value}"`);
  return value as OutageFault;
}
