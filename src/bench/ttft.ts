import { type LoadedPolicy, parsePolicyText } from '../config/load-policy.js';
import { startGateway } from '../gateway/start-gateway.js';
import type { BenchStack } from './bench-stack.js';
import { type LatencyStats, latencyStats } from './latency-stats.js';

/** What the time-to-first-token benchmark measured. */
export interface TtftResult {
  samples: number;
  /** The fake model's own pacing: first token and last token after the request, ms. */
  model: { firstTokenMs: number; totalMs: number };
  /** Request sent → first content byte, ms: straight to the provider, and through the gateway's routing workflow. */
  ttft: { direct: LatencyStats; gateway: LatencyStats };
  /** Request sent → last content byte, ms. */
  total: { direct: LatencyStats; gateway: LatencyStats };
  /** Gateway minus direct, p50 of time to first token, ms. */
  addedTtftP50Ms: number;
}

/** The benchmark's policy: one fake model streaming its first token after `firstTokenMs`, its last after `totalMs`. */
export function ttftPolicy(firstTokenMs: number, totalMs: number): LoadedPolicy {
  const yaml = `
version: bench-ttft-1
defaults: { timeoutMs: ${totalMs + 5000}, firstTokenTimeoutMs: ${firstTokenMs + 5000}, idleTimeoutMs: ${totalMs + 5000}, deadlineMs: ${totalMs + 10000}, retries: 0, maxOutputTokens: 256 }
providers:
  fake-openai: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  paced: { provider: fake-openai, id: '${pacedModelId(firstTokenMs, totalMs)}', contextTokens: 16000, price: { inputPer1M: 0.15, outputPer1M: 0.6 } }
routes:
  - { name: paced, primary: paced }
`;
  return parsePolicyText(yaml, '/virtual/bench-ttft.yaml', 'bench-ttft.yaml');
}

function pacedModelId(firstTokenMs: number, totalMs: number): string {
  return `slow-first-token:ms=${firstTokenMs},total=${totalMs}`;
}

/**
 * Time to first token of a streamed answer through the gateway (routing workflow, live side channel) against
 * the same fake model called directly, interleaved, loopback only, bounded by `samples`.
 */
export async function runTtftBench(
  stack: BenchStack,
  options: {
    samples: number;
    warmup: number;
    firstTokenMs: number;
    totalMs: number;
    onProgress?: (done: number) => void;
  },
): Promise<TtftResult> {
  const gateway = await startGateway({
    router: stack.router,
    client: stack.client,
    policy: ttftPolicy(options.firstTokenMs, options.totalMs),
    port: 0,
  });
  const direct = { ttft: [] as number[], total: [] as number[] };
  const routed = { ttft: [] as number[], total: [] as number[] };
  try {
    const body = (model: string) =>
      JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'Where is my parcel?' }] });
    for (let round = 0; round < options.warmup + options.samples; round += 1) {
      const measured = round >= options.warmup;
      const straight = await timeStream(
        `${stack.fake.url}/v1/chat/completions`,
        body(pacedModelId(options.firstTokenMs, options.totalMs)),
      );
      const through = await timeStream(`${gateway.url}/v1/chat/completions`, body('auto'));
      if (measured) {
        direct.ttft.push(straight.ttftMs);
        direct.total.push(straight.totalMs);
        routed.ttft.push(through.ttftMs);
        routed.total.push(through.totalMs);
      }
      options.onProgress?.(round + 1);
    }
  } finally {
    await gateway.close();
  }
  const ttft = { direct: latencyStats(direct.ttft), gateway: latencyStats(routed.ttft) };
  return {
    samples: options.samples,
    model: { firstTokenMs: options.firstTokenMs, totalMs: options.totalMs },
    ttft,
    total: { direct: latencyStats(direct.total), gateway: latencyStats(routed.total) },
    addedTtftP50Ms: Math.round((ttft.gateway.p50 - ttft.direct.p50) * 10) / 10,
  };
}

/** Streams one chat completion; times to the first and the last content piece, ms. */
async function timeStream(url: string, body: string): Promise<{ ttftMs: number; totalMs: number }> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  if (!response.ok || !response.body) throw new Error(`${url} answered ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let first: number | null = null;
  let last = 0;
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    const events = buffer.split('\n\n');
    buffer = events.pop() ?? '';
    for (const event of events) {
      if (!event.startsWith('data: {')) continue;
      const delta = (JSON.parse(event.slice(6)) as { choices?: { delta?: { content?: string } }[] }).choices?.[0]
        ?.delta;
      if (!delta?.content) continue;
      const now = performance.now() - started;
      first ??= now;
      last = now;
    }
  }
  if (first === null) throw new Error(`${url} streamed no content`);
  return { ttftMs: first, totalMs: last };
}
