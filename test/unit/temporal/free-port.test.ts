import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ephemeralPortRange, RESERVED_POOL_LOW, reservePorts } from '../../../src/temporal/free-port.js';

describe('reservePorts', () => {
  it('hands out distinct free ports between 20000 and the ephemeral range, never an avoided one', async () => {
    const avoid = Array.from({ length: 2000 }, (_, index) => RESERVED_POOL_LOW + index);
    const ports = await reservePorts(6, avoid);
    expect(new Set(ports).size).toBe(6);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(RESERVED_POOL_LOW + 2000);
      expect(port).toBeLessThan(ephemeralPortRange().low);
    }
    // Released again: each can be bound right away.
    for (const port of ports) {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('ephemeralPortRange', () => {
  it("reads Linux's ip_local_port_range, else assumes the IANA range", () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-ports-'));
    writeFileSync(join(dir, 'range'), '40000\t60999\n');
    expect(ephemeralPortRange(join(dir, 'range'))).toEqual({ low: 40000, high: 60999 });
    expect(ephemeralPortRange(join(dir, 'missing'))).toEqual({ low: 49152, high: 65535 });
  });
});
