import { type BenchStack, type BenchStackSettings, startBenchStack } from '../bench/bench-stack.js';
import { createLogger } from '../logging.js';
import { exitAfter } from '../stack/bounded-wait.js';
import { DevServerError } from '../temporal/dev-server-error.js';
import { installRuntime } from '../temporal/runtime.js';
import { createProgress } from './progress.js';

/** Where a benchmark finds Temporal, and how it reports. */
interface StackOptions {
  /** Existing Temporal; else TEMPORAL_ADDRESS, else an embedded dev server. */
  address?: string;
  eagerStart?: boolean;
  /** JSON output: nothing but the result line (no notes on stderr). */
  json?: boolean;
}

/** How a sampled benchmark is run: its rounds, and where Temporal is. */
interface SampledOptions extends StackOptions {
  /** Measured rounds. */
  samples: number;
  /** Unmeasured rounds first. */
  warmup: number;
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
  const result = await onBenchStack(options, settings, async (stack) => {
    const progress = createProgress(options.warmup + options.samples, options.json ? 'silent' : 'auto');
    const result = await run(stack, {
      samples: options.samples,
      warmup: options.warmup,
      onProgress: (done) => progress.update(done),
    });
    progress.stop();
    return result;
  });
  console.log(options.json ? JSON.stringify(toJson(result)) : render(result));
}

/**
 * Starts the benchmark stack, runs `work` on it and stops the stack whatever happens. When the embedded dev
 * server dies mid-run the run ends at once with that error instead of waiting forever on a server that is gone:
 * the CLI prints it and exits 1 (forced 2 s later should an open handle hold the process). A stack that fails to
 * start arms the same exit.
 */
export async function onBenchStack<Result>(
  options: StackOptions,
  settings: BenchStackSettings,
  work: (stack: BenchStack) => Promise<Result>,
): Promise<Result> {
  const stack = await startStack(options, settings).catch((error: unknown) => {
    exitAfter(5000);
    throw error;
  });
  let died = false;
  try {
    const lost = stack.unexpectedExit.then((error): never => {
      died = true;
      throw new DevServerError(`The benchmark stopped: ${error.message}`);
    });
    return await Promise.race([work(stack), lost]);
  } finally {
    // After a death nothing is stopped gracefully: closing the client under calls still retrying against the dead
    // server makes grpc-js throw from its retry timer before the error is printed. The process just exits.
    if (died) exitAfter(2000);
    else await stack.stop();
  }
}

/** Starts the benchmark stack on --address / TEMPORAL_ADDRESS, or an embedded dev server (named on stderr). */
export async function startStack(options: StackOptions, settings: BenchStackSettings): Promise<BenchStack> {
  installRuntime(createLogger('warn'));
  const address = options.address ?? process.env.TEMPORAL_ADDRESS;
  const note = (line: string) => {
    if (!options.json) console.error(line);
  };
  const stack = await startBenchStack({
    ...settings,
    ...(address ? { address, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' } : {}),
    eagerStart: options.eagerStart === true,
    onServerRetry: (error) => note(`bench: ${error.message}\nbench: retrying once on fresh ports`),
  });
  const server = stack.server;
  if (server) {
    const { httpPort, metricsPort } = server.ports;
    note(
      `bench: embedded Temporal dev server on ${server.address} (http ${httpPort}, metrics ${metricsPort}; pid ${server.pid ?? '-'})`,
    );
  }
  return stack;
}
