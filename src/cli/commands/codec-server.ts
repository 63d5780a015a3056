import type { Command } from '@commander-js/extra-typings';
import {
  CODEC_TOKEN_ENV,
  codecTokenFromEnv,
  DEFAULT_CORS_ORIGINS,
  generateCodecToken,
  startCodecServer,
} from '../../codec/codec-server.js';
import {
  CODEC_KEY_FILE_ENV,
  CODEC_KEYS_ENV,
  generateCodecKey,
  isValidCodecKeyId,
  loadCodecKeys,
} from '../../codec/keys.js';
import { positiveInteger } from '../shared-options.js';
import { waitForShutdownSignal } from '../wait-for-signal.js';

/** Default port of `switchyard codec-server`. */
export const DEFAULT_CODEC_SERVER_PORT = 8888;

/**
 * `switchyard codec-server`: the remote codec endpoint for the Temporal Web UI (people holding the key see
 * decrypted payloads), and `switchyard codec keygen`: a new random key.
 */
export function registerCodecServerCommand(program: Command): void {
  program
    .command('codec-server')
    .description(
      `serve POST /encode and /decode for the Temporal Web UI (keys from SWITCHYARD_CODEC_KEYS, access token from ${CODEC_TOKEN_ENV} or generated)`,
    )
    .option('--port <n>', 'port', positiveInteger('--port'), DEFAULT_CODEC_SERVER_PORT)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option(
      '--cors-origin <url...>',
      `browser origins allowed to call it (default: ${DEFAULT_CORS_ORIGINS.join(', ')}; others get 403)`,
    )
    .option('--json', 'print a JSON ready line')
    .action(async (options) => {
      const keys = loadCodecKeys();
      if (!keys) throw new Error(`no codec keys: set ${CODEC_KEYS_ENV} or ${CODEC_KEY_FILE_ENV}`);
      const configuredToken = codecTokenFromEnv();
      const token = configuredToken ?? generateCodecToken();
      const server = await startCodecServer({
        keys,
        token,
        port: options.port,
        host: options.host,
        ...(options.corsOrigin ? { corsOrigins: options.corsOrigin } : {}),
      });
      const keyIds = keys.map((key) => key.id);
      // The endpoint URL carries the token: print it only when the token was generated for this run.
      const endpoint = configuredToken ? `${server.baseUrl}/$${CODEC_TOKEN_ENV}` : server.url;
      if (options.json) {
        console.log(
          JSON.stringify({ url: endpoint, baseUrl: server.baseUrl, keyIds, tokenGenerated: !configuredToken }),
        );
      } else {
        console.log(`codec server on ${server.baseUrl} (keys ${keyIds.join(', ')})`);
        if (!configuredToken) console.log(`  access token (generated; set ${CODEC_TOKEN_ENV} to keep one): ${token}`);
        console.log(`  Web UI: temporal server start-dev --ui-codec-endpoint ${endpoint}`);
        console.log(
          `  CLI:    temporal workflow show --codec-endpoint ${server.baseUrl} --codec-auth "Bearer <token>"`,
        );
      }
      await waitForShutdownSignal();
      await server.close();
    });
  const codec = program.command('codec').description('payload encryption keys');
  codec
    .command('keygen')
    .description('print a new random AES-256 key (base64)')
    .option('--id <id>', 'print it as id:key, ready to prepend to SWITCHYARD_CODEC_KEYS')
    .option('--json', 'print JSON')
    .action((options) => {
      if (options.id !== undefined && !isValidCodecKeyId(options.id))
        throw new Error(`--id: "${options.id}" must be 1-64 letters, digits, ".", "_" or "-"`);
      const key = generateCodecKey();
      if (options.json) console.log(JSON.stringify({ ...(options.id ? { id: options.id } : {}), key }));
      else console.log(options.id ? `${options.id}:${key}` : key);
    });
}
