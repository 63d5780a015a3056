import { DefaultLogger, type LogLevel, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import type { Logger } from 'pino';

let installed = false;

/**
 * Routes the Temporal runtime's logs (SDK, workflow `log`, Rust core) into pino. Must run once, before any
 * Worker or NativeConnection exists; later calls are ignored.
 */
export function installRuntime(logger: Logger, options: { prometheusBindAddress?: string } = {}): void {
  if (installed) return;
  installed = true;
  const level = (logger.level.toUpperCase() === 'SILENT' ? 'ERROR' : logger.level.toUpperCase()) as LogLevel;
  const sdkLevel: LogLevel = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'].includes(level) ? level : 'INFO';
  Runtime.install({
    logger: new DefaultLogger(sdkLevel, (entry) => {
      const method = entry.level.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
      logger[method]({ ...entry.meta, sdk: true }, entry.message);
    }),
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN' }) },
      ...(options.prometheusBindAddress
        ? { metrics: { prometheus: { bindAddress: options.prometheusBindAddress } } }
        : {}),
    },
  });
}
