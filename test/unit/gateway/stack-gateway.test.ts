import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startStackServices } from '../../../src/cli/stack-services.js';
import { RouterClient } from '../../../src/client/router-client.js';
import { loadPolicyFile } from '../../../src/config/load-policy.js';
import { GATEWAY_API_KEYS_ENV } from '../../../src/gateway/api-keys.js';
import { freePort } from '../../../src/temporal/free-port.js';
import { PACKAGE_ROOT } from '../../../src/temporal/paths.js';

/** The gateway `switchyard dev` embeds (stack services) reads the same API keys as `switchyard gateway`. */
const policy = loadPolicyFile(join(PACKAGE_ROOT, 'examples', 'policies', 'fault-drill.yaml'));
const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: 200 });
const client = new Client({ connection });
const router = new RouterClient({ client, policy, searchAttributes: false });
const saved = process.env[GATEWAY_API_KEYS_ENV];

afterEach(() => {
  if (saved === undefined) delete process.env[GATEWAY_API_KEYS_ENV];
  else process.env[GATEWAY_API_KEYS_ENV] = saved;
});
afterAll(async () => {
  await connection.close();
});

describe("dev's embedded gateway", () => {
  it(`honours ${GATEWAY_API_KEYS_ENV}`, async () => {
    process.env[GATEWAY_API_KEYS_ENV] = 'laptop=dev-key-0123456789abcdefgh';
    const services = await startStackServices({ client, router, policy, reviewPage: false, gatewayPort: 0 });
    try {
      expect(services.gatewayUrl).not.toBeNull();
      expect((await fetch(`${services.gatewayUrl}/models`)).status).toBe(401);
      const wrong = await fetch(`${services.gatewayUrl}/models`, { headers: { authorization: 'Bearer other' } });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${services.gatewayUrl}/models`, {
        headers: { authorization: 'Bearer dev-key-0123456789abcdefgh' },
      });
      expect(right.status).toBe(200);
    } finally {
      await services.close();
    }
  });

  it('stays open on loopback without keys', async () => {
    delete process.env[GATEWAY_API_KEYS_ENV];
    const services = await startStackServices({ client, router, policy, reviewPage: false, gatewayPort: 0 });
    try {
      expect((await fetch(`${services.gatewayUrl}/models`)).status).toBe(200);
    } finally {
      await services.close();
    }
  });
});
