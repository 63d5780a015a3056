import type { Command } from '@commander-js/extra-typings';
import { dataConverterFromEnv, warnUnencrypted } from '../../codec/data-converter.js';
import { createLogger } from '../../logging.js';
import { startWorkerMetrics } from '../../metrics/worker-metrics.js';
import { installRuntime } from '../../temporal/runtime.js';
import { warmClassifier } from '../../worker/classifier-loader.js';
import { createSwitchyardWorker } from '../../worker/create-worker.js';
import { loadPolicy, positiveInteger, withTemporalOptions } from '../shared-options.js';
import { connectWorker, resolveTemporalTarget } from '../temporal-target.js';
import { waitForShutdownSignal } from '../wait-for-signal.js';

/** `switchyard worker`: a worker against an existing Temporal (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, …). */
export function registerWorkerCommand(program: Command): void {
  withTemporalOptions(
    program
      .command('worker')
      .description('run a routing worker against an existing Temporal server or Temporal Cloud')
      .requiredOption('--policy <file>', 'policy file (validated at start; workflows carry their own copy)')
      .option(
        '--fake-provider-url <url>',
        'where providers marked fakeProvider are served (SWITCHYARD_FAKE_PROVIDER_URL)',
      )
      .option(
        '--metrics-port <n>',
        'serve Prometheus metrics (routing + Temporal runtime) at http://127.0.0.1:N/metrics',
        positiveInteger('--metrics-port'),
      ),
  ).action(async (options) => {
    const policy = loadPolicy(options.policy);
    warmClassifier(policy);
    const dataConverter = dataConverterFromEnv();
    if (!dataConverter) warnUnencrypted();
    const logger = createLogger('info');
    const metrics = options.metricsPort === undefined ? null : await startWorkerMetrics(options.metricsPort);
    installRuntime(logger, metrics ? { prometheusBindAddress: metrics.runtimeBindAddress } : {});
    const target = resolveTemporalTarget(options);
    const connection = await connectWorker(target);
    const worker = await createSwitchyardWorker({
      connection,
      namespace: target.namespace,
      taskQueue: target.taskQueue,
      ...(dataConverter ? { dataConverter } : {}),
      activities: {
        ...(options.fakeProviderUrl ? { fakeProviderUrl: options.fakeProviderUrl } : {}),
      },
      ...(metrics ? { options: { sinks: metrics.sinks } } : {}),
    });
    logger.info(
      {
        address: target.address,
        namespace: target.namespace,
        taskQueue: target.taskQueue,
        policy: policy.policy.version,
        metrics: metrics ? `${metrics.server.url}/metrics` : undefined,
      },
      'switchyard worker started',
    );
    const running = worker.run();
    const signal = await Promise.race([waitForShutdownSignal(), running.then(() => null)]);
    if (signal) {
      logger.info({ signal }, 'shutting down');
      // Temporal's Runtime also reacts to SIGINT/SIGTERM and may already be draining the worker.
      if (worker.getState() === 'RUNNING') worker.shutdown();
    }
    try {
      await running;
      await connection.close();
    } finally {
      await metrics?.server.close();
    }
  });
}
