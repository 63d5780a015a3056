import { type BenchStack, type BenchStackSettings, startBenchStack } from '../bench/bench-stack.js';
import { createLogger } from '../logging.js';
import { installRuntime } from '../temporal/runtime.js';
import { createProgress } from './progress.js';

/** How a sampled benchmark is run: its rounds, and where Temporal is. */
interface SampledOptions {
  /** Measured rounds. */
  samples: number;
  /** Unmeasured rounds first. */
  warmup: number;
  json?: boolean;
  address?: string;
  eagerStart?: boolean;
}

/**
 * The frame of the sampled benchmarks (overhead, ttft, budget): a bench stack for `settings`, a progress bar over
 * warm-up and samples, the run, its result printed as text or JSON, and the stack stopped whatever happens.
 */
export async function sampledBench<Result>(
  options: SampledOptions,
  settings: BenchStackSettings,
  run: (
    stack: BenchStack,
    rounds: { samples: number; warmup: number; onProgress: (done: number) => void },
  ) => Promise<Result>,
  render: (result: Result) => string,
  toJson: (result: Result) => unknown = (result) => result,
): Promise<void> {
  if (options.samples < 1) throw new Error('--samples must be >= 1');
  const stack = await startStack(options, settings);
  try {
    const progress = createProgress(options.warmup + options.samples, options.json ? 'silent' : 'auto');
    const result = await run(stack, {
      samples: options.samples,
      warmup: options.warmup,
      onProgress: (done) => progress.update(done),
    });
    progress.stop();
    console.log(options.json ? JSON.stringify(toJson(result)) : render(result));
  } finally {
    await stack.stop();
  }
}

/** Starts the benchmark stack on --address / TEMPORAL_ADDRESS, or an embedded dev server. */
export async function startStack(
  options: { address?: string; eagerStart?: boolean },
  settings: BenchStackSettings,
): Promise<BenchStack> {
  installRuntime(createLogger('warn'));
  const address = options.address ?? process.env.TEMPORAL_ADDRESS;
  return startBenchStack({
    ...settings,
    ...(address ? { address, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' } : {}),
    eagerStart: options.eagerStart === true,
  });
}
