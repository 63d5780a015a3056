import type { Command, OptionValues } from '@commander-js/extra-typings';

/**
 * The canary flags of `dev` and `worker` (read by canarySourceOf in src/worker/canary-config.ts; each falls back to
 * its SWITCHYARD_CANARY_* variable).
 */
export function withCanaryOptions<Args extends unknown[], Opts extends OptionValues, Global extends OptionValues>(
  command: Command<Args, Opts, Global>,
) {
  return command
    .option('--canary-policy <file>', 'candidate policy taking a slice of the traffic (SWITCHYARD_CANARY_POLICY)')
    .option('--canary-percent <n>', 'share of traffic the candidate takes, 0..100 (SWITCHYARD_CANARY_PERCENT)')
    .option(
      '--canary-by <rule>',
      'what picks the slice: requestId, caller or metadata:KEY (SWITCHYARD_CANARY_BY; default requestId)',
    )
    .option(
      '--canary-promotion <mode>',
      'auto: the controller promotes; manual: it waits for `canary promote` (SWITCHYARD_CANARY_PROMOTION)',
    );
}
