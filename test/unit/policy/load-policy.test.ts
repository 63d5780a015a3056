import { describe, expect, it } from 'vitest';
import { loadPolicyFile, parsePolicyText } from '../../../src/config/load-policy.js';
import { PolicyError } from '../../../src/config/policy-error.js';

function issuesOf(yaml: string): string[] {
  try {
    parsePolicyText(yaml, '/virtual/p.yaml', 'p.yaml');
  } catch (error) {
    if (error instanceof PolicyError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected a PolicyError');
}

const VALID = `version: v1
providers:
  p: { kind: openai-compatible, baseURL: http://127.0.0.1:1/v1, dataClasses: [public] }
models:
  m: { provider: p, id: m, contextTokens: 8000, price: { inputPer1M: 1, outputPer1M: 1 } }
routes:
  - name: r
    primary: m
`;

describe('policy loading', () => {
  it('loads the example policies and fills in defaults', () => {
    for (const file of ['examples/policies/fault-drill.yaml', 'examples/policies/support-inbox.yaml']) {
      const loaded = loadPolicyFile(file);
      expect(loaded.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(loaded.policy.defaults.deadlineMs).toBeGreaterThan(0);
      expect(Object.isFrozen(loaded.policy)).toBe(true);
    }
  });

  it('gives the same hash for the same policy whatever the comments and key order', () => {
    const reordered = `# comment\nroutes:\n  - primary: m\n    name: r\nversion: v1\nmodels:\n  m: { id: m, provider: p, price: { outputPer1M: 1, inputPer1M: 1 }, contextTokens: 8000 }\nproviders:\n  p: { dataClasses: [public], baseURL: http://127.0.0.1:1/v1, kind: openai-compatible }\n`;
    expect(parsePolicyText(reordered, '/a.yaml').hash).toBe(parsePolicyText(VALID, '/b.yaml').hash);
  });

  it('names file:line:col and the field for schema errors', () => {
    expect(issuesOf(VALID.replace('contextTokens: 8000', 'contextTokens: -1'))).toEqual([
      'p.yaml:5:43: models.m.contextTokens: Too small: expected number to be >0',
    ]);
    expect(issuesOf(`${VALID}    colour: blue\n`)).toEqual(['p.yaml:9:5: routes[0]: unknown field "colour"']);
  });

  it('reports unknown references at the reference', () => {
    expect(issuesOf(VALID.replace('primary: m', 'primary: ghost'))).toEqual([
      'p.yaml:8:14: routes[0].primary: unknown model "ghost"',
    ]);
    expect(issuesOf(VALID.replace('provider: p,', 'provider: q,'))).toEqual([
      'p.yaml:5:18: models.m.provider: unknown provider "q"',
    ]);
  });

  it('reports missing required fields at their parent', () => {
    expect(issuesOf(VALID.replace('version: v1\n', ''))[0]).toMatch(
      /^p\.yaml:1:1: version: .*field "version" is missing or invalid/,
    );
  });

  it('reports YAML syntax errors with their position', () => {
    expect(issuesOf('version: [\n')[0]).toMatch(/^p\.yaml:\d+:\d+: YAML: /);
  });

  it('rejects invalid durations with a hint', () => {
    expect(issuesOf(`${VALID}review: { deadline: soon }\n`)).toEqual([
      'p.yaml:9:21: review.deadline: invalid duration "soon" (use e.g. 500ms, 4s, 30m, 4h, 1d)',
    ]);
  });

  it('warns when there is no catch-all route', () => {
    const loaded = parsePolicyText(VALID.replace('primary: m', 'primary: m\n    when: { risk: high }'), '/x.yaml');
    expect(loaded.warnings).toContain(
      'no catch-all route (a route without `when`): requests that match no route are rejected',
    );
  });
});
