import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DevServer, DevServerSettings } from './dev-server.js';
import type { DevServerPorts } from './dev-server-args.js';
import { SEARCH_ATTRIBUTE_KEYS } from './search-attributes.js';

/**
 * The fallback without a Temporal CLI: the SDK downloads one (needs internet) and runs it with the same pinned
 * ports (HTTP and metrics through `extraArgs`). The SDK owns the process, so no exit watch.
 */
export async function startWithSdkDownload(
  settings: DevServerSettings,
  ports: DevServerPorts,
  starts: 1 | 2,
): Promise<DevServer> {
  console.warn(
    'switchyard: no Temporal CLI found (run `npm run setup:temporal` or set TEMPORAL_CLI_PATH); ' +
      'falling back to the Temporal SDK download, which needs internet access.',
  );
  const namespace = settings.namespace ?? 'default';
  const environment = await TestWorkflowEnvironment.createLocal({
    server: {
      namespace,
      ip: '127.0.0.1',
      ...(settings.dbFile ? { dbFilename: settings.dbFile } : {}),
      port: ports.port,
      ui: ports.uiPort !== null,
      ...(ports.uiPort ? { uiPort: ports.uiPort } : {}),
      searchAttributes: SEARCH_ATTRIBUTE_KEYS,
      extraArgs: ['--http-port', String(ports.httpPort), '--metrics-port', String(ports.metricsPort)],
    },
  });
  return {
    address: environment.address,
    namespace,
    ports,
    uiUrl: ports.uiPort ? `http://127.0.0.1:${ports.uiPort}` : null,
    httpUrl: `http://127.0.0.1:${ports.httpPort}`,
    metricsUrl: `http://127.0.0.1:${ports.metricsPort}/metrics`,
    binary: 'sdk-download',
    pid: null,
    starts,
    unexpectedExit: new Promise<Error>(() => {}),
    stop: () => environment.teardown(),
  };
}
