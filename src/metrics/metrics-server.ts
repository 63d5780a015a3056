import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Registry, register } from 'prom-client';

export interface MetricsServerSettings {
  /** Registry to expose (`createSwitchyardMetrics().registry`). @default prom-client's global registry */
  registry?: Registry;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** @default '127.0.0.1' */
  host?: string;
  /**
   * Other Prometheus text endpoints appended to every scrape (e.g. the Temporal runtime's exporter), so one
   * target gives both. An unreachable source adds a comment line, not an error. @default []
   */
  extraSources?: string[];
}

/** A running `/metrics` endpoint. */
export interface MetricsServer {
  /** `http://HOST:PORT`; scrape `${url}/metrics`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the registry at `GET /metrics` in the Prometheus text format. */
export async function startMetricsServer(settings: MetricsServerSettings): Promise<MetricsServer> {
  const host = settings.host ?? '127.0.0.1';
  const registry = settings.registry ?? register;
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: scrape /metrics\n');
      return;
    }
    scrape(registry, settings.extraSources ?? []).then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function scrape(registry: Registry, extraSources: readonly string[]): Promise<string> {
  const own = await registry.metrics();
  const extra = await Promise.all(
    extraSources.map((url) =>
      fetch(url, { signal: AbortSignal.timeout(2000) })
        .then((response) => (response.ok ? response.text() : `# ${url}: HTTP ${response.status}\n`))
        .catch((error: unknown) => `# ${url}: ${String((error as Error).message ?? error)}\n`),
    ),
  );
  return [own, ...extra].join('\n');
}
