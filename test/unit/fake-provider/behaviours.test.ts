import { describe, expect, it } from 'vitest';
import { chunkAnswer } from '../../../src/fake-provider/answers.js';
import { BEHAVIOUR_DEFAULTS, parseBehaviour } from '../../../src/fake-provider/behaviours.js';
import { decideProfile } from '../../../src/fake-provider/profiles.js';
import { createSeededRandom } from '../../../src/fake-provider/seeded-random.js';

describe('parseBehaviour', () => {
  it('uses documented defaults', () => {
    const slow = parseBehaviour('slow');
    expect(slow).toMatchObject({
      success: true,
      spec: { name: 'slow', params: { latencyMs: BEHAVIOUR_DEFAULTS.slowMs } },
    });
    expect(parseBehaviour('ok')).toMatchObject({ success: true, spec: { params: { latencyMs: 0, chunks: 2 } } });
    expect(parseBehaviour('flap')).toMatchObject({ success: true, spec: { params: { downMs: 3000 } } });
    expect(parseBehaviour('slow-first-token')).toMatchObject({
      success: true,
      spec: { params: { firstTokenMs: 5000 } },
    });
  });

  it('reads parameters after the colon', () => {
    expect(parseBehaviour('slow:ms=3000')).toMatchObject({ success: true, spec: { params: { latencyMs: 3000 } } });
    expect(parseBehaviour('slow-first-token:ms=800')).toMatchObject({
      success: true,
      spec: { params: { firstTokenMs: 800, latencyMs: 0 } },
    });
    expect(parseBehaviour('flap:down=2000,latency=5')).toMatchObject({
      success: true,
      spec: { params: { downMs: 2000, latencyMs: 5 } },
    });
    expect(parseBehaviour('ok:latency=200')).toMatchObject({ success: true, spec: { params: { latencyMs: 200 } } });
    expect(parseBehaviour('error:status=418')).toMatchObject({ success: true, spec: { params: { status: 418 } } });
    expect(parseBehaviour('fail-n')).toMatchObject({ success: true, spec: { params: { count: 1, status: 500 } } });
    expect(parseBehaviour('fail-n:count=5,status=503')).toMatchObject({
      success: true,
      spec: { params: { count: 5, status: 503 } },
    });
    expect(parseBehaviour('fail-n:count=1.5')).toMatchObject({ success: false, reason: 'bad-parameter' });
    expect(parseBehaviour('stream-cut:chunks=1,clean=1')).toMatchObject({
      success: true,
      spec: { params: { chunks: 1, clean: true } },
    });
  });

  it('reports unknown names and bad parameters', () => {
    expect(parseBehaviour('gpt-4o')).toMatchObject({ success: false, reason: 'unknown-model' });
    expect(parseBehaviour('slow:ms=-1')).toMatchObject({ success: false, reason: 'bad-parameter' });
    expect(parseBehaviour('slow:speed=1')).toMatchObject({ success: false, reason: 'bad-parameter' });
    expect(parseBehaviour('error:status=200')).toMatchObject({ success: false, reason: 'bad-parameter' });
  });
});

describe('answers and randomness', () => {
  it('chunks an answer without losing characters', () => {
    const text = 'Thanks for your message. This is a simulated answer.';
    expect(chunkAnswer(text).join('')).toBe(text);
    expect(chunkAnswer(text).length).toBeGreaterThan(3);
    expect(chunkAnswer('{"a":1}')).toEqual(['{"a":1}']);
  });

  it('samples log-normal latencies around the median, within the p95 for most draws', () => {
    const random = createSeededRandom(42);
    const samples = Array.from({ length: 2000 }, () => random.logNormal(100, 300)).sort((a, b) => a - b);
    expect(samples[1000]).toBeGreaterThan(85);
    expect(samples[1000]).toBeLessThan(115);
    expect(samples[1900]).toBeGreaterThan(240);
    expect(samples[1900]).toBeLessThan(370);
  });

  it('never puts the first token after the end', () => {
    const random = createSeededRandom(3);
    const profile = { latencyMs: { p50: 50, p95: 100 }, firstTokenMs: { p50: 80, p95: 200 } };
    for (let index = 0; index < 200; index++) {
      const decision = decideProfile(profile, random);
      expect(decision.firstTokenMs).toBeLessThanOrEqual(decision.totalMs);
    }
  });
});
