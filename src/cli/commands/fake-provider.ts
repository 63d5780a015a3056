import { readFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { DEFAULT_FAKE_PROVIDER_URL } from '../../../activities/deps.js';
import type { FakeModelProfile } from '../../fake-provider/profiles.js';
import { startFakeProvider } from '../../fake-provider/server.js';
import { DEMO_PROFILES } from '../demo-profiles.js';

/** The port workers expect the fake on when nothing else is configured. */
const DEFAULT_PORT = Number(new URL(DEFAULT_FAKE_PROVIDER_URL).port);

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer from 0 to 65535, got '${value}'`);
  }
  return port;
}

function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got '${value}'`);
  return seed;
}

function readProfiles(path: string): Record<string, FakeModelProfile> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`--profiles: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`--profiles: ${path} must hold a JSON object of model name → profile`);
  }
  return parsed as Record<string, FakeModelProfile>;
}

/** `switchyard fake-provider`: the fake LLM provider (OpenAI and Anthropic wire formats) until SIGINT/SIGTERM. */
export function registerFakeProviderCommand(program: Command): void {
  program
    .command('fake-provider')
    .description('run the fake LLM provider (OpenAI and Anthropic wire formats; the model name selects the behaviour)')
    .option('--port <n>', 'TCP port, 0 for a free one', parsePort, DEFAULT_PORT)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--seed <n>', 'seed of simulated randomness', parseSeed, 1)
    .option(
      '--profiles <file>',
      "JSON file of simulated model profiles (model name → profile), added to (or replacing) the example policy's sim-fast, sim-strong and sim-private",
    )
    .option('--json', 'print the ready line as JSON')
    .action(async (options) => {
      // The example policy's simulated models are always served, so workers pointed here (docker compose)
      // answer with the policy as shipped.
      const profiles = { ...DEMO_PROFILES, ...(options.profiles ? readProfiles(options.profiles) : {}) };
      const provider = await startFakeProvider({
        port: options.port,
        host: options.host,
        seed: options.seed,
        profiles,
      });
      const ready = {
        ready: true,
        url: provider.url,
        openaiBaseURL: `${provider.url}/v1`,
        anthropicBaseURL: provider.url,
        profiles: Object.keys(profiles),
      };
      if (options.json) console.log(JSON.stringify(ready));
      else {
        console.log(
          `fake provider listening on ${provider.url} (OpenAI base URL ${ready.openaiBaseURL}, ` +
            `Anthropic base URL ${ready.anthropicBaseURL}); simulated models ${ready.profiles.join(', ')}; Ctrl-C to stop`,
        );
      }
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await provider.close();
    });
}
