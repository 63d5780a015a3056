import { describe, expect, it } from 'vitest';
import { parsePolicyText } from '../../../src/config/load-policy.js';
import { PolicyError } from '../../../src/config/policy-error.js';

/** The issues `policy check` would print for a policy, as `file:line:col: path: message`. */
function issuesOf(yaml: string): string[] {
  try {
    parsePolicyText(yaml, '/virtual/p.yaml', 'p.yaml');
  } catch (error) {
    if (error instanceof PolicyError) return error.message.split('\n');
    throw error;
  }
  return [];
}

/** A valid policy; tests replace or append lines. Line numbers below refer to this text. */
const BASE = `version: v1
providers:
  eu: { kind: openai-compatible, baseURL: https://eu.example/v1, dataClasses: [public, restricted], region: eu }
  us: { kind: openai-compatible, baseURL: http://127.0.0.1:1/v1, dataClasses: [public], region: us }
models:
  a: { provider: eu, id: a, contextTokens: 8000, capabilities: [json], price: { inputPer1M: 1, outputPer1M: 1 } }
  b: { provider: us, id: b, contextTokens: 8000, price: { inputPer1M: 1, outputPer1M: 1 } }
intents:
  close: { patterns: ['\\bclose\\b'] }
routes:
  - name: r
    primary: a
    fallbacks: [b]
`;

describe('policy check: what would break a worker at run time', () => {
  it('accepts the base policy', () => {
    expect(issuesOf(BASE)).toEqual([]);
  });

  it('rejects a pattern RE2 cannot compile, at the pattern', () => {
    expect(issuesOf(BASE.replace("['\\bclose\\b']", "['ok', '([']"))).toEqual([
      'p.yaml:9:29: intents.close.patterns[1]: invalid pattern (missing closing ]: `[`); patterns use RE2 syntax: no backreferences or lookaround',
    ]);
  });

  it('rejects catastrophic backtracking patterns, at the pattern', () => {
    const [issue, ...rest] = issuesOf(BASE.replace("'\\bclose\\b'", () => "'^(a+)+$'"));
    expect(rest).toEqual([]);
    expect(issue).toMatch(/^p\.yaml:9:23: intents\.close\.patterns\[0\]: nested unbounded quantifiers \("\(a\+\)\+"\)/);
  });

  it('bounds every duration by what a timer can wait (2^31 − 1 ms), and review deadlines by 365 days', () => {
    const bound = 'at most 2147483647 ms (2^31 − 1, about 24.8 days; longer timers fire at once)';
    expect(issuesOf(`${BASE}    timeoutMs: 2147483648\n    deadlineMs: 2147483648\n`)).toEqual([
      `p.yaml:14:16: routes[0].timeoutMs: ${bound}`,
      `p.yaml:15:17: routes[0].deadlineMs: ${bound}`,
    ]);
    expect(issuesOf(`${BASE}defaults: { retryDelayMs: 3000000000 }\n`)).toEqual([
      `p.yaml:14:27: defaults.retryDelayMs: ${bound}`,
    ]);
    expect(issuesOf(`${BASE}classifier: { llm: { model: b, timeoutMs: 2147483648 } }\n`)).toEqual([
      `p.yaml:14:43: classifier.llm.timeoutMs: ${bound}`,
    ]);
    expect(issuesOf(`${BASE}review: { deadline: 400d }\n`)).toEqual([
      'p.yaml:14:21: review.deadline: at most 365 days (31536000000 ms)',
    ]);
    expect(issuesOf(`${BASE}review: { deadline: 30d }\n`)).toEqual([]);
  });

  it('rejects a deadline shorter than one attempt and stream limits longer than the attempt', () => {
    expect(issuesOf(`${BASE}    timeoutMs: 8000\n    deadlineMs: 5000\n`)).toEqual([
      'p.yaml:15:17: routes[0].deadlineMs: deadlineMs 5000 is shorter than timeoutMs 8000: no attempt could run its full time',
    ]);
    // The route inherits the default deadline (12 s): reported at the route's own timeout.
    expect(issuesOf(`${BASE}    timeoutMs: 20000\n`)).toEqual([
      'p.yaml:14:16: routes[0].timeoutMs: deadlineMs 12000 is shorter than timeoutMs 20000: no attempt could run its full time',
    ]);
    expect(issuesOf(`${BASE}defaults: { timeoutMs: 4000, firstTokenTimeoutMs: 5000 }\n`)).toEqual([
      'p.yaml:14:51: defaults.firstTokenTimeoutMs: firstTokenTimeoutMs 5000 is longer than timeoutMs 4000',
    ]);
    expect(issuesOf(`${BASE}    idleTimeoutMs: 9000\n`)).toEqual([
      'p.yaml:14:20: routes[0].idleTimeoutMs: idleTimeoutMs 9000 is longer than timeoutMs 4000',
    ]);
  });

  it('keeps output caps inside context windows', () => {
    expect(
      issuesOf(
        BASE.replace('contextTokens: 8000, capabilities', 'contextTokens: 8000, maxOutputTokens: 8000, capabilities'),
      ),
    ).toEqual(['p.yaml:6:67: models.a.maxOutputTokens: maxOutputTokens 8000 must be below contextTokens 8000']);
    // A route cap above a model's own cap is clamped to the model's (4096 by default), which fits.
    expect(issuesOf(`${BASE}    maxOutputTokens: 8000\n`)).toEqual([]);
    const small = BASE.replace(
      'b: { provider: us, id: b, contextTokens: 8000',
      'b: { provider: us, id: b, contextTokens: 1000',
    );
    expect(issuesOf(small)).toEqual([
      'p.yaml:13:17: routes[0].fallbacks[0]: output cap 1024 tokens leaves no room for input in model "b" (context window 1000); lower maxOutputTokens on the route or the model',
    ]);
    expect(issuesOf(`${small}    maxOutputTokens: 500\n`)).toEqual([]);
  });

  it('accepts only http: and https: URLs', () => {
    expect(issuesOf(BASE.replace('https://eu.example/v1', '"javascript:alert(1)"'))).toEqual([
      'p.yaml:3:43: providers.eu.baseURL: use an http: or https: URL',
    ]);
    expect(
      issuesOf(`${BASE}review:\n  webhook: { url: "file:///etc/passwd", linkBaseUrl: "data:text/html,x" }\n`),
    ).toEqual([
      'p.yaml:15:19: review.webhook.url: use an http: or https: URL',
      'p.yaml:15:54: review.webhook.linkBaseUrl: use an http: or https: URL',
    ]);
    expect(
      issuesOf(`${BASE}review:\n  webhook: { url: "https://hooks.example/x", linkBaseUrl: "http://review.local" }\n`),
    ).toEqual([]);
  });

  it('rejects fallbacks that repeat a model or contain the primary', () => {
    expect(issuesOf(BASE.replace('fallbacks: [b]', 'fallbacks: [b, a, b]'))).toEqual([
      'p.yaml:13:20: routes[0].fallbacks[1]: fallback "a" is the primary model; each model is tried once',
      'p.yaml:13:23: routes[0].fallbacks[2]: fallback "b" is listed twice; each model is tried once',
    ]);
  });

  it('requires the json capability on every model of a route with a JSON responseFormat', () => {
    expect(issuesOf(`${BASE}    responseFormat: { type: json }\n`)).toEqual([
      'p.yaml:13:17: routes[0].fallbacks[0]: route asks for a JSON responseFormat but model "b" lacks the "json" capability',
    ]);
  });

  it('rejects region restrictions no provider can meet', () => {
    expect(
      issuesOf(`${BASE}    regions: [eu]\nprivacy: { regions: { restricted: [eu], internal: [eu, us] } }\n`),
    ).toEqual([]);
    expect(issuesOf(`${BASE}    regions: [eu, apac]\n`)).toEqual([
      'p.yaml:14:19: routes[0].regions[1]: no provider has region "apac" (provider regions: eu, us)',
    ]);
    expect(issuesOf(`${BASE}privacy: { regions: { restricted: [mars] } }\n`)).toEqual([
      'p.yaml:14:36: privacy.regions.restricted[0]: no provider has region "mars" (provider regions: eu, us)',
    ]);
    expect(issuesOf(`${BASE}    regions: [apac]\n`)).toEqual([
      'p.yaml:14:14: routes[0].regions: no model of the route runs on a provider in these regions',
      'p.yaml:14:15: routes[0].regions[0]: no provider has region "apac" (provider regions: eu, us)',
    ]);
  });
});
