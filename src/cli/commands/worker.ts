import type { Command } from '@commander-js/extra-typings';
import { InspectionsAhead } from '../../../activities/inspections-ahead.js';
import { warmClassifier } from '../../classify/classifier-loader.js';
import { dataConverterFromEnv, warnUnencrypted } from '../../codec/data-converter.js';
import { createLogger } from '../../logging.js';
import { startWorkerMetrics } from '../../metrics/worker-metrics.js';
import { tracingFromEnv } from '../../telemetry/tracing.js';
import { installRuntime } from '../../temporal/runtime.js';
import { canarySourceOf } from '../../worker/canary-config.js';
import { createSwitchyardWorker } from '../../worker/create-worker.js';
import { loadWorkerTrust } from '../../worker/worker-config.js';
import { withCanaryOptions } from '../canary-options.js';
import { positiveInteger, withTemporalOptions } from '../shared-options.js';
import { connectClient, connectWorker, resolveTemporalTarget } from '../temporal-target.js';
import { waitForShutdownSignal } from '../wait-for-signal.js';
import { startWorkerGateway } from '../worker-gateway.js';

/** `switchyard worker`: a worker against an existing Temporal (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, …). */
export function registerWorkerCommand(program: Command): void {
  withTemporalOptions(
    withCanaryOptions(program.command('worker'))
      .description('run a routing worker against an existing Temporal server or Temporal Cloud')
      .option(
        '--policy <path...>',
        'policy files or folders this worker runs (several versions at once; default: SWITCHYARD_POLICY, comma-separated)',
      )
      .option('--default-policy <version>', 'version used when a request names none (default: the first loaded)')
      .option(
        '--shadow-policy <file>',
        'policy decided in shadow beside the active one, never called (default: SWITCHYARD_SHADOW_POLICY)',
      )
      .option(
        '--fake-provider-url <url>',
        'where providers marked fakeProvider are served (SWITCHYARD_FAKE_PROVIDER_URL)',
      )
      .option(
        '--metrics-port <n>',
        'serve Prometheus metrics (routing + Temporal runtime) at http://HOST:N/metrics',
        positiveInteger('--metrics-port'),
      )
      .option(
        '--metrics-host <host>',
        'interface the metrics listen on (default 127.0.0.1; 0.0.0.0 in a container to be scraped)',
      )
      .option(
        '--gateway-port <n>',
        'also serve the OpenAI-compatible gateway on this port, starting workflows eagerly on this worker (0 picks one)',
        positiveInteger('--gateway-port'),
      )
      .option('--gateway-host <host>', 'interface the embedded gateway listens on (default loopback)'),
  ).action(async (options) => {
    const paths =
      options.policy ?? (process.env.SWITCHYARD_POLICY ?? '').split(',').filter((path) => path.trim() !== '');
    if (paths.length === 0) throw new Error('no policy: pass --policy FILE|DIR (or set SWITCHYARD_POLICY)');
    const shadowPolicy = options.shadowPolicy ?? (process.env.SWITCHYARD_SHADOW_POLICY?.trim() || undefined);
    const trust = loadWorkerTrust(
      { paths },
      {
        ...(options.defaultPolicy === undefined ? {} : { defaultVersion: options.defaultPolicy }),
        canary: canarySourceOf(options),
        ...(shadowPolicy === undefined ? {} : { shadowPolicy }),
      },
    );
    for (const loaded of trust.policies.byVersion.values()) warmClassifier(loaded);
    const dataConverter = dataConverterFromEnv(process.env, { refuseUnencrypted: true });
    if (!dataConverter) warnUnencrypted();
    const logger = createLogger('info');
    if (options.metricsHost !== undefined && options.metricsPort === undefined)
      throw new Error('--metrics-host needs --metrics-port');
    const metrics =
      options.metricsPort === undefined
        ? null
        : await startWorkerMetrics(options.metricsPort, options.metricsHost ?? '127.0.0.1');
    installRuntime(logger, metrics ? { prometheusBindAddress: metrics.runtimeBindAddress } : {});
    const target = resolveTemporalTarget(options);
    const tracing = tracingFromEnv(process.env, 'switchyard-worker');
    const connection = await connectWorker(target);
    // The embedded gateway's requests are inspected while their starts are recorded (activities/inspections-ahead.ts).
    const inspectionsAhead = options.gatewayPort === undefined ? null : new InspectionsAhead();
    const worker = await createSwitchyardWorker({
      connection,
      trust,
      namespace: target.namespace,
      taskQueue: target.taskQueue,
      ...(dataConverter ? { dataConverter } : {}),
      activities: {
        ...(options.fakeProviderUrl ? { fakeProviderUrl: options.fakeProviderUrl } : {}),
        ...(inspectionsAhead ? { inspectionsAhead } : {}),
      },
      ...(metrics ? { options: { sinks: metrics.sinks } } : {}),
      ...(tracing ? { tracing } : {}),
    });
    logger.info(
      {
        address: target.address,
        namespace: target.namespace,
        taskQueue: target.taskQueue,
        policies: [...trust.policies.byVersion.keys()],
        defaultPolicy: trust.policies.defaultVersion,
        canary: trust.canary ? `${trust.canary.candidate.version} at ${trust.canary.settings.percent} %` : undefined,
        shadowPolicy: trust.shadow?.policy.version,
        reviewers: Object.keys(trust.reviewerKeys).length,
        callers: Object.keys(trust.callerKeys).length,
        metrics: metrics ? `${metrics.server.url}/metrics` : undefined,
        tracing: tracing !== null,
      },
      'switchyard worker started',
    );
    // The gateway's results, queries and lists use their own connection; its starts use the worker's (eager).
    const gatewayClient = options.gatewayPort === undefined ? null : await connectClient(target);
    const gateway =
      options.gatewayPort === undefined || gatewayClient === null
        ? null
        : await startWorkerGateway({
            connection,
            client: gatewayClient,
            trust,
            namespace: target.namespace,
            taskQueue: target.taskQueue,
            port: options.gatewayPort,
            ...(inspectionsAhead ? { inspectAhead: inspectionsAhead } : {}),
            ...(options.gatewayHost ? { host: options.gatewayHost } : {}),
          });
    if (gateway) logger.info({ url: `${gateway.url}/v1` }, 'embedded gateway (eager start on this worker)');
    const running = worker.run();
    const signal = await Promise.race([waitForShutdownSignal(), running.then(() => null)]);
    if (signal) {
      logger.info({ signal }, 'shutting down');
      // Temporal's Runtime also reacts to SIGINT/SIGTERM and may already be draining the worker.
      if (worker.getState() === 'RUNNING') worker.shutdown();
    }
    try {
      await gateway?.close();
      await gatewayClient?.connection.close();
      await running;
      await connection.close();
    } finally {
      await metrics?.server.close();
      await tracing?.shutdown();
    }
  });
}
