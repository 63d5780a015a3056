import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-policy-check-'));

function policyCheck(yaml: string, ...flags: string[]) {
  const file = join(dir, `p${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  const result = spawnSync(process.execPath, ['bin/switchyard.js', 'policy', 'check', file, ...flags], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { file, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const POLICY = `version: v1
providers:
  p: { kind: openai-compatible, baseURL: http://127.0.0.1:1/v1, dataClasses: [public] }
models:
  m: { provider: p, id: m, contextTokens: 8000, price: { inputPer1M: 1, outputPer1M: 1 } }
intents:
  spam: { patterns: ['^(a+)+$'] }
routes:
  - name: r
    primary: m
`;

describe('switchyard policy check (child process)', { timeout: 30_000 }, () => {
  it('exits non-zero with file:line:col at a catastrophic pattern', () => {
    const { file, status, stderr } = policyCheck(POLICY);
    expect(status).not.toBe(0);
    expect(stderr).toContain(`${file}:7:22: intents.spam.patterns[0]: nested unbounded quantifiers`);
  });

  it('reports the same issue as JSON with --json', () => {
    const { status, stdout } = policyCheck(POLICY, '--json');
    expect(status).not.toBe(0);
    expect(JSON.parse(stdout).issues).toMatchObject([{ line: 7, column: 22, path: 'intents.spam.patterns[0]' }]);
  });

  it('passes the fixed policy', () => {
    const { status, stdout } = policyCheck(POLICY.replace('^(a+)+$', '^a+$'));
    expect(status).toBe(0);
    expect(stdout).toMatch(/^ok: /);
  });
});
