import type { Command } from '@commander-js/extra-typings';
import { gatewayApiKeysFromEnv } from '../../gateway/api-keys.js';
import { canonicalPrincipal, credentialPublicKey } from '../../policy/signatures.js';

/** Environment variable holding one service's own caller credential (RouterClient `caller`, `route --caller`). */
export const CALLER_CREDENTIAL_ENV = 'SWITCHYARD_CALLER_CREDENTIAL';

/**
 * `switchyard caller-keys`: the public keys a worker lists in SWITCHYARD_CALLER_KEYS so that the policy's
 * `access.callers` grants can name gateway API keys (by their names) and services. Reads secrets from the
 * environment only and prints public keys only.
 */
export function registerCallerKeysCommand(program: Command): void {
  program
    .command('caller-keys')
    .description(
      "print callers' public keys (name=hex) for workers' SWITCHYARD_CALLER_KEYS: every named key in SWITCHYARD_GATEWAY_API_KEYS, and --name with SWITCHYARD_CALLER_CREDENTIAL",
    )
    .option('--name <caller>', `a service's caller name; its credential is read from ${CALLER_CREDENTIAL_ENV}`)
    .option('--json', 'print {"name": "hex"}')
    .action((options) => {
      const keys: Record<string, string> = {};
      for (const { name, key } of gatewayApiKeysFromEnv()) keys[canonicalPrincipal(name)] = credentialPublicKey(key);
      if (options.name !== undefined) {
        const credential = process.env[CALLER_CREDENTIAL_ENV];
        if (!credential) throw new Error(`--name needs the caller's credential in ${CALLER_CREDENTIAL_ENV}`);
        keys[canonicalPrincipal(options.name)] = credentialPublicKey(credential);
      }
      if (Object.keys(keys).length === 0)
        throw new Error(
          'no credentials: set SWITCHYARD_GATEWAY_API_KEYS (name=key,…) or pass --name with SWITCHYARD_CALLER_CREDENTIAL',
        );
      if (options.json) console.log(JSON.stringify(keys));
      else
        console.log(
          Object.entries(keys)
            .map(([name, key]) => `${name}=${key}`)
            .join(','),
        );
    });
}
