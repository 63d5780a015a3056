import type { Command } from '@commander-js/extra-typings';
import { gatewayApiKeysFromEnv } from '../../gateway/api-keys.js';
import { createLogger } from '../../logging.js';
import { exitAfter } from '../../stack/bounded-wait.js';
import { DevServerError } from '../../temporal/dev-server-error.js';
import { canarySourceOf } from '../../worker/canary-config.js';
import { withCanaryOptions } from '../canary-options.js';
import { clearDevState, writeDevState } from '../dev-state.js';
import { startLocalStack } from '../local-stack.js';
import { DEFAULT_DEMO_POLICY, loadPolicy, positiveInteger } from '../shared-options.js';
import { pinnedStackPorts, STACK_PORT_DEFAULTS, withStackPortOptions } from '../stack-ports.js';
import { stackReviewerTokens, tokensByReviewer } from '../stack-services.js';
import { waitForShutdownSignal } from '../wait-for-signal.js';

/** `switchyard dev`: embedded Temporal dev server + fake provider + worker, until interrupted. */
export function registerDevCommand(program: Command): void {
  withCanaryOptions(withStackPortOptions(program.command('dev')))
    .description('run an embedded Temporal dev server, the fake provider and a worker until interrupted')
    .option('--policy <file>', 'policy file', DEFAULT_DEMO_POLICY)
    .option('--shadow-policy <file>', 'policy decided in shadow beside --policy for every request, never called')
    .option('--headless', 'no Temporal Web UI')
    .option('--db <file>', 'SQLite file (default .switchyard/temporal.db)')
    .option('--gateway-cors-origin <url...>', 'browser origins the gateway answers (default: none; others get 403)')
    .option(
      '--metrics-port <n>',
      `worker Prometheus /metrics port (default ${STACK_PORT_DEFAULTS.metrics} when free; 0 = any free port)`,
      positiveInteger('--metrics-port'),
    )
    .option('--metrics-host <host>', 'interface the worker metrics listen on (default 127.0.0.1)')
    .option('--json', 'print one JSON ready line')
    .action(async (options) => {
      const policy = loadPolicy(options.policy);
      const canary = canarySourceOf(options);
      const shadowPolicy = options.shadowPolicy === undefined ? null : loadPolicy(options.shadowPolicy);
      const logger = createLogger('warn');
      // Decided here (not inside the stack) so the ready line can list the generated ones; the stack gives
      // the worker their public keys and the review page the tokens.
      const reviewerTokens = stackReviewerTokens(policy);
      const stack = await startLocalStack({
        policy,
        ...(shadowPolicy ? { shadowPolicy } : {}),
        logger,
        ...pinnedStackPorts(options),
        metrics: true,
        metricsPort: options.metricsPort,
        ...(options.metricsHost ? { metricsHost: options.metricsHost } : {}),
        ...(options.db ? { dbFile: options.db } : {}),
        headless: options.headless ?? false,
        canary,
        services: {
          ...(options.gatewayCorsOrigin ? { gatewayCorsOrigins: options.gatewayCorsOrigin } : {}),
          reviewerTokens,
        },
      });
      const ready = {
        ready: true,
        temporalAddress: stack.server.address,
        namespace: stack.server.namespace,
        taskQueue: stack.taskQueue,
        fakeProviderUrl: stack.fake?.url ?? null,
        uiUrl: stack.server.uiUrl,
        temporalHttpUrl: stack.server.httpUrl,
        temporalMetricsUrl: stack.server.metricsUrl,
        reviewUrl: stack.review?.url ?? null,
        gatewayUrl: stack.gatewayUrl,
        metricsUrl: stack.metricsUrl,
        codecUrl: stack.codecUrl,
        ports: stack.ports,
        policy: policy.file,
        policyVersion: policy.policy.version,
        policyHash: policy.hash,
        canary: stack.canary
          ? { candidate: stack.canary.candidate.version, percent: stack.canary.settings.percent }
          : null,
        ...(shadowPolicy
          ? { shadowPolicyVersion: shadowPolicy.policy.version, shadowPolicyHash: shadowPolicy.hash }
          : {}),
      };
      // The codec URL carries its access token: printed for this terminal, kept out of the state file.
      const codecBaseUrl = ready.codecUrl ? new URL(ready.codecUrl).origin : null;
      writeDevState({ ...ready, codecUrl: codecBaseUrl, pid: process.pid, startedAt: new Date().toISOString() });
      const gatewayKeys = gatewayApiKeysFromEnv().map((entry) => entry.name);
      // Tokens generated for this run (reviewer → token) go to the ready line only, never to the state file.
      const generatedTokens = stack.review && reviewerTokens.generated ? tokensByReviewer(reviewerTokens.tokens) : {};
      if (options.json) console.log(JSON.stringify({ ...ready, reviewerTokens: generatedTokens }));
      else {
        console.log(`switchyard dev: policy ${policy.policy.version} (${policy.file})`);
        if (ready.canary) console.log(`  canary        ${ready.canary.candidate} at ${ready.canary.percent} %`);
        if (shadowPolicy) console.log(`  shadow policy ${shadowPolicy.policy.version} (${shadowPolicy.file})`);
        console.log(
          `  Temporal      ${ready.temporalAddress} (namespace ${ready.namespace}, task queue ${ready.taskQueue})`,
        );
        if (ready.temporalHttpUrl) console.log(`  Temporal HTTP ${ready.temporalHttpUrl}`);
        if (ready.temporalMetricsUrl) console.log(`  Temporal metrics ${ready.temporalMetricsUrl}`);
        if (ready.uiUrl) console.log(`  Web UI        ${ready.uiUrl}`);
        if (ready.fakeProviderUrl) console.log(`  fake provider ${ready.fakeProviderUrl}`);
        if (ready.gatewayUrl) {
          console.log(`  gateway       ${ready.gatewayUrl}  (OpenAI-compatible: point an OpenAI SDK's baseURL here)`);
          const keys = gatewayKeys.length > 0 ? `API keys ${gatewayKeys.join(', ')}` : 'no API keys (loopback only)';
          console.log(`                ${keys}`);
        }
        if (ready.metricsUrl) console.log(`  metrics       ${ready.metricsUrl}  (worker: routing + Temporal runtime)`);
        if (ready.codecUrl) {
          console.log(`  codec server  ${ready.codecUrl}`);
          console.log(
            '                (the Web UI decrypts payloads through it; the last path segment is its access token)',
          );
        }
        if (stack.review) {
          console.log(`  review page   ${stack.review.url}`);
          for (const login of stack.review.logins) console.log(`    ${login.reviewer.padEnd(24)} ${login.url}`);
        }
        console.log('  try: npx switchyard route --text "Where is my order?"   (Ctrl-C to stop)');
      }
      // Until Ctrl-C, or until the dev server dies: then dev ends with its error (exit 1) instead of serving a
      // worker, gateway and review page that can no longer reach Temporal.
      const died = await Promise.race([waitForShutdownSignal().then(() => null), stack.server.unexpectedExit]);
      clearDevState();
      if (died === null) return stack.stop();
      // Nothing is stopped gracefully after a death (clients still retrying against the dead server would throw
      // from grpc-js timers once closed): the error is printed and the process exits (forced after 2 s).
      exitAfter(2000);
      throw new DevServerError(`switchyard dev stopped: ${died.message}`);
    });
}
