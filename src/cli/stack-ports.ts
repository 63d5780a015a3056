import type { Command, OptionValues } from '@commander-js/extra-typings';
import { portInUse, reservePorts } from '../temporal/free-port.js';
import { positiveInteger } from './shared-options.js';

/**
 * Default port of every listener of the embedded stack (`dev`, `demo`), all distinct. A default that is
 * busy is replaced by a free port; a port pinned by a flag is used as given (0 = any free port).
 */
export const STACK_PORT_DEFAULTS = {
  /** Temporal gRPC frontend. */
  temporal: 7233,
  /** Temporal's HTTP API. */
  temporalHttp: 7243,
  /** The Temporal server's own Prometheus metrics. */
  temporalMetrics: 9465,
  /** Temporal Web UI. */
  ui: 8233,
  /** Fake provider (the simulated models). */
  fake: 8787,
  /** OpenAI-compatible gateway. */
  gateway: 8788,
  /** Review page. */
  review: 8789,
  /** Codec server (when payloads are encrypted). */
  codec: 8888,
  /** Worker metrics (Switchyard + Temporal runtime). */
  metrics: 9464,
} as const;

/** Ports pinned by flags; unset ones take their default (or a free port when it is busy). */
export interface StackPorts {
  port?: number | undefined;
  temporalHttpPort?: number | undefined;
  temporalMetricsPort?: number | undefined;
  uiPort?: number | undefined;
  fakePort?: number | undefined;
  gatewayPort?: number | undefined;
  reviewPort?: number | undefined;
  codecPort?: number | undefined;
  metricsPort?: number | undefined;
}

/** The port flags of `dev` and `demo`, one per listener. */
export function withStackPortOptions<Args extends unknown[], Opts extends OptionValues, Global extends OptionValues>(
  command: Command<Args, Opts, Global>,
) {
  const d = STACK_PORT_DEFAULTS;
  const help = (what: string, port: number) => `${what} port (default ${port} when free; 0 = any free port)`;
  return command
    .option('--port <n>', help('Temporal gRPC', d.temporal), positiveInteger('--port'))
    .option(
      '--temporal-http-port <n>',
      help("Temporal's HTTP API", d.temporalHttp),
      positiveInteger('--temporal-http-port'),
    )
    .option(
      '--temporal-metrics-port <n>',
      help("the Temporal server's Prometheus /metrics", d.temporalMetrics),
      positiveInteger('--temporal-metrics-port'),
    )
    .option('--ui-port <n>', help('Temporal Web UI', d.ui), positiveInteger('--ui-port'))
    .option('--fake-port <n>', help('fake provider', d.fake), positiveInteger('--fake-port'))
    .option('--gateway-port <n>', help('OpenAI-compatible gateway', d.gateway), positiveInteger('--gateway-port'))
    .option('--review-port <n>', help('review page', d.review), positiveInteger('--review-port'))
    .option(
      '--codec-port <n>',
      help('codec server (with SWITCHYARD_CODEC_KEYS)', d.codec),
      positiveInteger('--codec-port'),
    );
}

/** The ports the flags of withStackPortOptions pinned, as stack settings. */
export function pinnedStackPorts(options: StackPorts): StackPorts {
  return {
    port: options.port,
    temporalHttpPort: options.temporalHttpPort,
    temporalMetricsPort: options.temporalMetricsPort,
    uiPort: options.uiPort,
    fakePort: options.fakePort,
    codecPort: options.codecPort,
    gatewayPort: options.gatewayPort,
    reviewPort: options.reviewPort,
  };
}

/**
 * Picks ports for one stack: a pinned port as given (refused when already in use), 0 → a free port,
 * unset → the default when free, else a free port. Never hands out the same port twice. Free ports come from
 * below the kernel's ephemeral range (`reservePorts`), so nothing binding port 0 meanwhile can take them.
 */
export function createPortPicker(isInUse: (port: number) => Promise<boolean> = portInUse) {
  const taken = new Set<number>();
  const claim = (port: number) => {
    taken.add(port);
    return port;
  };
  return async (flag: string, pinned: number | undefined, preferred: number): Promise<number> => {
    if (pinned !== undefined && pinned !== 0) {
      if (taken.has(pinned)) throw new Error(`${flag} ${pinned}: that port is already given to another listener`);
      if (await isInUse(pinned)) throw new Error(`${flag} ${pinned}: that port is in use`);
      return claim(pinned);
    }
    if (pinned === undefined && !taken.has(preferred) && !(await isInUse(preferred))) return claim(preferred);
    const [port] = await reservePorts(1, taken);
    return claim(port!);
  };
}
