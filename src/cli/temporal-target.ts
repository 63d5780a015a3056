import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import { dataConverterFromEnv, warnUnencrypted } from '../codec/data-converter.js';
import { DEFAULT_TASK_QUEUE } from '../temporal/defaults.js';
import { RECONNECT_CHANNEL_ARGS } from '../temporal/reconnect-channel-args.js';
import { readDevState } from './dev-state.js';

/** Flags every command that talks to Temporal accepts. */
export interface TemporalFlags {
  address?: string;
  namespace?: string;
  taskQueue?: string;
}

/** Which Temporal to talk to, and how. */
export interface TemporalTarget {
  address: string;
  namespace: string;
  taskQueue: string;
  connectionOptions: NativeConnectionOptions;
  /** Where the address came from. */
  source: 'flag' | 'environment' | 'dev' | 'default';
}

/**
 * Resolves the target in the order users expect: flags, then Temporal's environment conventions
 * (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TLS variables, the temporal.toml profile), then
 * a running `switchyard dev` in this project, then localhost:7233.
 */
export function resolveTemporalTarget(flags: TemporalFlags, env: NodeJS.ProcessEnv = process.env): TemporalTarget {
  let config: ReturnType<typeof loadClientConnectConfig> = { connectionOptions: {} };
  try {
    config = loadClientConnectConfig({ overrideEnvVars: env as Record<string, string> });
  } catch (error) {
    throw new Error(`Temporal client configuration: ${(error as Error).message}`);
  }
  const dev = flags.address || env.TEMPORAL_ADDRESS || config.connectionOptions.address ? null : readDevState();
  const address =
    flags.address ??
    env.TEMPORAL_ADDRESS ??
    config.connectionOptions.address ??
    dev?.temporalAddress ??
    'localhost:7233';
  const source = flags.address
    ? 'flag'
    : env.TEMPORAL_ADDRESS || config.connectionOptions.address
      ? 'environment'
      : dev
        ? 'dev'
        : 'default';
  return {
    address,
    namespace: flags.namespace ?? env.TEMPORAL_NAMESPACE ?? config.namespace ?? dev?.namespace ?? 'default',
    taskQueue: flags.taskQueue ?? env.SWITCHYARD_TASK_QUEUE ?? dev?.taskQueue ?? DEFAULT_TASK_QUEUE,
    connectionOptions: { ...config.connectionOptions, address },
    source,
  };
}

/**
 * A client connection to the target, with a clear error when nothing answers. Payloads are encrypted and
 * decrypted with the codec keys from the environment (SWITCHYARD_CODEC_KEYS / SWITCHYARD_CODEC_KEY_FILE);
 * without keys it warns once on stderr that histories are stored in plain text.
 */
export async function connectClient(
  target: TemporalTarget,
  dataConverter: DataConverter | undefined = dataConverterFromEnv(),
): Promise<Client> {
  if (!dataConverter) warnUnencrypted();
  try {
    const { address, tls, apiKey, metadata } = target.connectionOptions;
    const connection = await Connection.connect({
      address,
      ...(tls === undefined ? {} : { tls }),
      ...(typeof apiKey === 'string' ? { apiKey } : {}),
      ...(metadata ? { metadata } : {}),
      connectTimeout: 5000,
      channelArgs: RECONNECT_CHANNEL_ARGS,
    });
    return new Client({ connection, namespace: target.namespace, ...(dataConverter ? { dataConverter } : {}) });
  } catch (error) {
    throw new Error(
      `cannot reach Temporal at ${target.address} (${target.source}): ${(error as Error).message.split('\n')[0]}`,
    );
  }
}

/** A worker connection to the target. */
export async function connectWorker(target: TemporalTarget): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect(target.connectionOptions);
  } catch (error) {
    throw new Error(
      `cannot reach Temporal at ${target.address} (${target.source}): ${(error as Error).message.split('\n')[0]}`,
    );
  }
}
