import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SEARCH_ATTRIBUTE_KEYS } from '../../../src/temporal/search-attributes.js';

/** No Docker engine runs here, so the deploy artifacts are checked for structure and consistency. */
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as {
    services: Record<
      string,
      {
        image?: string;
        build?: string;
        depends_on?: Record<string, unknown>;
        environment?: Record<string, string>;
        command?: string[] | string;
        deploy?: { replicas?: number };
        volumes?: string[];
      }
    >;
  };
  const services = compose.services;

  it('runs Temporal on PostgreSQL with the Web UI and scaled Switchyard workers', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining([
        'postgresql',
        'temporal-schema',
        'temporal',
        'temporal-setup',
        'temporal-ui',
        'switchyard-worker',
        'switchyard-gateway',
      ]),
    );
    expect(services.temporal?.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
    expect(services['temporal-ui']?.environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
    // Sub-second retry backoffs need the timer queue's time shift lowered (deploy/temporal-dynamicconfig.yaml).
    const mount = services.temporal?.volumes?.find((volume) =>
      volume.startsWith('./deploy/temporal-dynamicconfig.yaml:'),
    );
    expect(mount?.split(':')[1]).toBe(services.temporal?.environment?.DYNAMIC_CONFIG_FILE_PATH);
    const dynamicConfig = parse(readFileSync('deploy/temporal-dynamicconfig.yaml', 'utf8')) as Record<string, unknown>;
    expect(dynamicConfig['history.timerProcessorMaxTimeShift']).toEqual([{ value: '50ms' }]);
    expect(services['switchyard-worker']?.environment).toMatchObject({
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'default',
    });
    expect(services['switchyard-worker']?.deploy?.replicas).toBeGreaterThanOrEqual(2);
    // The gateway listens beyond loopback in a container, so it must be given API keys.
    expect(services['switchyard-gateway']?.command).toEqual(expect.arrayContaining(['gateway', '--host', '0.0.0.0']));
    expect(services['switchyard-gateway']?.environment?.SWITCHYARD_GATEWAY_API_KEYS).toMatch(
      /^\$\{SWITCHYARD_GATEWAY_API_KEYS:\?/,
    );
  });

  it('pins every image and only depends on services it defines', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.image) expect(service.image, name).toMatch(/^[\w./-]+:\d[\w.-]*$/);
      else expect(service.build, name).toBe('.');
      for (const dependency of Object.keys(service.depends_on ?? {}))
        expect(Object.keys(services), name).toContain(dependency);
    }
  });

  it('registers exactly the search attributes the workflow sets', () => {
    const setup = String(services['temporal-setup']?.command);
    for (const key of SEARCH_ATTRIBUTE_KEYS) {
      expect(setup).toContain(`--name ${key.name} --type ${key.type === 'BOOL' ? 'Bool' : 'Keyword'}`);
    }
  });

  it('starts workers with a policy that exists and a command the CLI has', () => {
    const command = services['switchyard-worker']?.command as string[];
    expect(command[0]).toBe('worker');
    const policy = command[command.indexOf('--policy') + 1]!;
    expect(() => readFileSync(policy)).not.toThrow();
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toContain('ENTRYPOINT ["node", "bin/switchyard.js"]');
  });
});
