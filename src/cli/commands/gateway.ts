import type { Command } from '@commander-js/extra-typings';
import { RouterClient } from '../../client/router-client.js';
import { GATEWAY_API_KEYS_ENV, GATEWAY_DEFAULTS, gatewayApiKeysFromEnv, startGateway } from '../../gateway/index.js';
import { createLogger } from '../../logging.js';
import { parseDurationMs } from '../../policy/duration.js';
import { tracedClient, tracingFromEnv } from '../../telemetry/tracing.js';
import { loadPolicy, positiveInteger, withTemporalOptions } from '../shared-options.js';
import { connectClient, resolveTemporalTarget } from '../temporal-target.js';
import { waitForShutdownSignal } from '../wait-for-signal.js';

/** `switchyard gateway`: the OpenAI-compatible HTTP API in front of the router, until interrupted. */
export function registerGatewayCommand(program: Command): void {
  withTemporalOptions(
    program
      .command('gateway')
      .description(
        'serve an OpenAI-compatible API (/v1/chat/completions, /v1/responses, /v1/models) that routes every request',
      )
      .option('--policy <file>', 'policy file (default: SWITCHYARD_POLICY or the running `switchyard dev` policy)')
      .option('--port <n>', `HTTP port (default ${GATEWAY_DEFAULTS.port}; 0 picks one)`, positiveInteger('--port'))
      .option('--host <host>', `interface (default ${GATEWAY_DEFAULTS.host}; others need ${GATEWAY_API_KEYS_ENV})`)
      .option(
        '--review-wait <duration>',
        'how long a request parked for review still holds the HTTP request (0s: the interim answer at once)',
        '0s',
      )
      .option('--cors-origin <url...>', 'browser origins allowed to call it (default: none; other origins get 403)')
      .option(
        '--advertise-url <url>',
        'URL workers reach this gateway at for live streams (default: SWITCHYARD_GATEWAY_ADVERTISE_URL, else its listen URL)',
      )
      .option(
        '--stream-recovery <mode>',
        'after a mid-stream failure: restart (with the next model) or error',
        'restart',
      )
      .option('--json', 'print one JSON ready line'),
  ).action(async (options) => {
    const reviewWaitMs = parseDurationMs(options.reviewWait);
    if (reviewWaitMs === undefined) throw new Error(`--review-wait: invalid duration "${options.reviewWait}"`);
    const streamRecovery = options.streamRecovery;
    if (streamRecovery !== 'restart' && streamRecovery !== 'error') {
      throw new Error(`--stream-recovery: expected restart or error, got "${streamRecovery}"`);
    }
    const advertiseUrl = options.advertiseUrl ?? process.env.SWITCHYARD_GATEWAY_ADVERTISE_URL;
    if (advertiseUrl !== undefined && !/^https?:\/\/[^\s/?#]+\/?$/.test(advertiseUrl)) {
      throw new Error(`--advertise-url: expected http(s)://host:port, got "${advertiseUrl}"`);
    }
    const policy = loadPolicy(options.policy);
    const logger = createLogger('info');
    const target = resolveTemporalTarget(options);
    const tracing = tracingFromEnv(process.env, 'switchyard-gateway');
    const connected = await connectClient(target);
    const client = tracing ? tracedClient(connected, tracing) : connected;
    const apiKeys = gatewayApiKeysFromEnv();
    const gateway = await startGateway({
      router: new RouterClient({ client, policy, taskQueue: target.taskQueue }),
      client,
      policy,
      port: options.port ?? GATEWAY_DEFAULTS.port,
      ...(options.host ? { host: options.host } : {}),
      apiKeys,
      ...(options.corsOrigin ? { corsOrigins: options.corsOrigin } : {}),
      reviewWaitMs,
      streamRecovery,
      ...(advertiseUrl ? { advertiseUrl } : {}),
      logger,
    }).catch(async (error: unknown) => {
      await client.connection.close();
      throw error;
    });
    const ready = {
      ready: true,
      url: gateway.url,
      baseURL: `${gateway.url}/v1`,
      temporalAddress: target.address,
      taskQueue: target.taskQueue,
      policyVersion: policy.policy.version,
      apiKeys: apiKeys.length > 0,
    };
    if (options.json) console.log(JSON.stringify(ready));
    else {
      console.log(`switchyard gateway: ${ready.baseURL} (policy ${ready.policyVersion}, Temporal ${target.address})`);
      const names = apiKeys.map((entry) => entry.name).join(', ');
      console.log(
        `  API keys: ${apiKeys.length > 0 ? `${apiKeys.length} configured (${names})` : 'none (loopback only)'}`,
      );
      console.log(`  try: curl ${ready.baseURL}/models   (Ctrl-C to stop)`);
    }
    await waitForShutdownSignal();
    await gateway.close();
    await client.connection.close();
    await tracing?.shutdown();
  });
}
