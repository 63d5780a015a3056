import { almostJson, answerFor, chunkAnswer, estimateTokens, proseAnswer, shortHash } from './answers.js';
import type { BehaviourSpec } from './behaviours.js';
import type { ProfileDecision } from './profiles.js';
import { sleep, untilAborted } from './sleep.js';
import { fakeToolCalls, toolResultText } from './tool-answer.js';
import type { FakeFinish, FakeToolCall, ParsedRequest, Reply, Wire } from './wire-types.js';

/** Everything a behaviour needs to answer one request. */
export interface ScenarioContext {
  wire: Wire;
  reply: Reply;
  request: ParsedRequest;
  /** Workflow id, else a hash of the messages: keys "first attempt" and the answer text. */
  requestKey: string;
  /** 0 for the first attempt seen for this model name and request key. */
  attemptIndex: number;
  /** Time since the first request seen for this model name, ms (for `flap`). */
  sinceFirstSeenMs: number;
  /** Aborted when the client disconnects or the server closes. */
  signal: AbortSignal;
  /** Destroys the connection without a response (or mid-response). */
  destroySocket(): void;
}

interface AnswerPlan {
  text: string;
  finish: FakeFinish;
  /** Tool calls instead of text (finish `tool-calls`). @default none */
  toolCalls?: FakeToolCall[] | null;
  /** Delay from the response start to the first content token, ms. */
  firstTokenMs: number;
  /** Delay from the response start to the last byte, ms. */
  totalMs: number;
  /** Log-probability each token reports when the request asks for logprobs. @default none */
  tokenLogprob?: number | null;
}

/** Runs a built-in behaviour to the end of its response (or until the client goes away). */
export async function runBehaviour(context: ScenarioContext, spec: BehaviourSpec): Promise<void> {
  const { params } = spec;
  if (!(await sleep(params.latencyMs, context.signal))) return;
  const first = context.attemptIndex === 0;
  const tokenLogprob = Math.log(params.confidence);
  const ok = (overrides: Partial<AnswerPlan> = {}): Promise<void> =>
    sendAnswer(context, {
      ...okPlan(context, params.parallel),
      firstTokenMs: 0,
      totalMs: 0,
      tokenLogprob,
      ...overrides,
    });
  switch (spec.name) {
    case 'ok':
    case 'slow':
      return ok();
    case 'no-done':
      return sendAnswer(
        context,
        { ...okPlan(context, params.parallel), firstTokenMs: 0, totalMs: 0 },
        { omitDone: true },
      );
    case 'judge':
      return ok({ text: JSON.stringify({ score: judgeScore(context, params) }), finish: 'stop', toolCalls: null });
    case 'bad-json':
      if (params.once && !first) return ok();
      return ok({ text: proseAnswer(context.request.model), finish: 'stop', toolCalls: null });
    case 'almost-json':
      if (params.once && !first) return ok();
      return ok({ text: almostJson(okText(context)), finish: 'stop', toolCalls: null });
    case 'content-filter':
      return ok({ text: '', finish: 'content-filter', toolCalls: null });
    case '429-retry-after':
      return first ? sendStatus(context, 429, { 'retry-after': String(params.retryAfterSeconds) }) : ok();
    case '429':
    case '503':
    case '529':
      return sendStatus(context, Number(spec.name));
    case 'error':
      return sendStatus(context, params.status);
    case '500-once':
      return first ? sendStatus(context, 500) : ok();
    case 'fail-n':
      return context.attemptIndex < params.count ? sendStatus(context, params.status) : ok();
    case 'flap':
      return context.sinceFirstSeenMs < params.downMs ? sendStatus(context, 503) : ok();
    case 'reset-once':
      if (first) context.destroySocket();
      else await ok();
      return;
    case 'no-response':
      return untilAborted(context.signal);
    case 'slow-first-token':
      return ok({ firstTokenMs: params.firstTokenMs, totalMs: Math.max(params.firstTokenMs, params.totalMs) });
    case 'context-length':
      if (params.maxPromptTokens !== null && estimateTokens(context.request.text) <= params.maxPromptTokens)
        return ok();
      return sendContextLength(context, params.maxPromptTokens);
    case 'content-policy':
      return sendContentPolicy(context);
    case 'out-of-credit':
      return sendUsageLimit(context, params.regainSeconds);
    case '402':
      context.wire.sendError(context.reply, 402, 'Insufficient credits. Add more using https://example.test/credits', {
        code: 'insufficient_credits',
      });
      return Promise.resolve();
    case 'stream-cut':
    case 'stream-stall':
    case 'stream-error':
    case 'malformed-chunk':
      return sendStreamFault(context, spec);
  }
}

/** A judge's grade: `score`, or with `pass` 1 for that share of request keys (a stable hash) and 0 for the rest. */
function judgeScore(context: ScenarioContext, params: BehaviourSpec['params']): number {
  if (params.pass === null) return params.score;
  return Number.parseInt(shortHash(context.requestKey).slice(0, 8), 16) / 2 ** 32 < params.pass ? 1 : 0;
}

/** Answers as a simulated profile decided: overloaded, filtered, or an answer paced by the sampled latencies. */
export function runProfile(context: ScenarioContext, decision: ProfileDecision): Promise<void> {
  if (decision.outcome === 'overloaded') return sendStatus(context, 503);
  const filtered = decision.outcome === 'content-filter';
  return sendAnswer(context, {
    ...(filtered ? { text: '', finish: 'content-filter' } : okPlan(context, 1)),
    firstTokenMs: decision.firstTokenMs,
    totalMs: decision.totalMs,
  });
}

/** A healthy model's answer: tool calls when tools are offered, text about a tool result, or the usual text. */
function okPlan(context: ScenarioContext, parallel: number): Pick<AnswerPlan, 'text' | 'finish' | 'toolCalls'> {
  const toolCalls = fakeToolCalls(context.request, parallel);
  if (toolCalls) return { text: '', finish: 'tool-calls', toolCalls };
  return { text: toolResultText(context.request, context.requestKey) ?? okText(context), finish: 'stop' };
}

function okText(context: ScenarioContext): string {
  return answerFor(context.request.model, context.requestKey, context.request.wantsJson, context.request.jsonSchema);
}

/** Cuts an answer at the request's output cap (about 4 characters a token), as a real model stops at it. */
function capAnswer(plan: AnswerPlan, maxTokens: number | null): AnswerPlan {
  if (maxTokens === null || plan.toolCalls || estimateTokens(plan.text) <= maxTokens) return plan;
  return { ...plan, text: plan.text.slice(0, Math.max(0, maxTokens * 4)), finish: 'length' };
}

async function sendAnswer(
  context: ScenarioContext,
  fullPlan: AnswerPlan,
  options: { omitDone?: boolean } = {},
): Promise<void> {
  const { wire, reply, request, signal } = context;
  const plan = capAnswer(fullPlan, request.maxTokens);
  const inputTokens = estimateTokens(request.text);
  const toolCalls = plan.toolCalls ?? [];
  const outputTokens = estimateTokens(plan.text + toolCalls.map((call) => call.arguments).join(''));
  if (!request.stream) {
    if (!(await sleep(plan.totalMs, signal))) return;
    const answer = { text: plan.text, finish: plan.finish, inputTokens, outputTokens };
    wire.sendMessage(reply, request.model, toolCalls.length > 0 ? { ...answer, toolCalls } : answer);
    return;
  }
  const writer = wire.openStream(reply, request, inputTokens, plan.tokenLogprob ?? null);
  writer.start();
  if (!(await sleep(plan.firstTokenMs, signal))) return;
  const chunks = plan.text.length > 0 ? chunkAnswer(plan.text) : [''];
  const gapMs = chunks.length > 1 ? Math.max(0, plan.totalMs - plan.firstTokenMs) / (chunks.length - 1) : 0;
  for (const [index, chunk] of chunks.entries()) {
    if (index > 0 && !(await sleep(gapMs, signal))) return;
    if (index < chunks.length - 1) writer.delta(chunk);
    else writer.finish(chunk, plan.finish, outputTokens, toolCalls);
  }
  if (options.omitDone) reply.end();
  else writer.done();
}

function sendStatus(context: ScenarioContext, status: number, headers: Record<string, string> = {}): Promise<void> {
  const messages: Record<number, string> = {
    429: 'Rate limit reached for requests. Please try again later.',
    500: 'The server had an error while processing your request.',
    503: 'The server is overloaded or not ready yet.',
    529: 'Overloaded',
  };
  const message = messages[status] ?? `Simulated error ${status}`;
  const code = status === 429 ? 'rate_limit_exceeded' : status === 404 ? 'model_not_found' : undefined;
  context.wire.sendError(context.reply, status, message, { headers, ...(code ? { code } : {}) });
  return Promise.resolve();
}

function sendContextLength(context: ScenarioContext, max: number | null = null): Promise<void> {
  const limit = max ?? 200_000;
  const tokens = estimateTokens(context.request.text) + (max === null ? 200_000 : 0);
  const message =
    context.wire.name === 'openai'
      ? `This model's maximum context length is ${limit} tokens. However, your messages resulted in ${tokens} tokens. ` +
        'Please reduce the length of the messages.'
      : `prompt is too long: ${tokens} tokens > ${limit} maximum`;
  context.wire.sendError(context.reply, 400, message, { code: 'context_length_exceeded' });
  return Promise.resolve();
}

/** A refusal on content grounds before any answer, as each vendor sends it (a 400, not a finish reason). */
function sendContentPolicy(context: ScenarioContext): Promise<void> {
  if (context.wire.name === 'openai') {
    const message =
      'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed.';
    context.wire.sendError(context.reply, 400, message, { code: 'content_policy_violation' });
  } else {
    context.wire.sendError(context.reply, 400, 'Output blocked by content filtering policy');
  }
  return Promise.resolve();
}

/** An account over its usage limit, as each vendor says it: Anthropic names the date access returns. */
function sendUsageLimit(context: ScenarioContext, regainSeconds: number): Promise<void> {
  if (context.wire.name === 'openai') {
    const message =
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs.';
    context.wire.sendError(context.reply, 429, message, { code: 'insufficient_quota' });
  } else {
    const at = new Date(Math.ceil((Date.now() + regainSeconds * 1000) / 60_000) * 60_000).toISOString();
    const when = `${at.slice(0, 10)} at ${at.slice(11, 16)} UTC`;
    const message = `You have reached your specified API usage limits. You will regain access on ${when}.`;
    context.wire.sendError(context.reply, 400, message);
  }
  return Promise.resolve();
}

/** Stream faults; on a non-stream request the same fault is applied to a JSON body. */
async function sendStreamFault(context: ScenarioContext, spec: BehaviourSpec): Promise<void> {
  const { wire, reply, request, signal } = context;
  if (!request.stream) {
    if (spec.name === 'stream-error') return sendStatus(context, 529);
    reply.head(200, { 'content-type': 'application/json' });
    if (spec.name === 'malformed-chunk') return reply.end('{"id": "fake", this is not JSON');
    reply.write('{"id":"fake","choices":[');
    if (spec.name === 'stream-stall') return untilAborted(signal);
    return cut(context, spec.params.clean);
  }
  const writer = wire.openStream(reply, request, estimateTokens(request.text));
  writer.start();
  const chunks = chunkAnswer(okText(context));
  for (const chunk of chunks.slice(0, Math.min(spec.params.chunks, chunks.length - 1))) writer.delta(chunk);
  switch (spec.name) {
    case 'stream-stall':
      return untilAborted(signal);
    case 'stream-error':
      return writer.error();
    case 'malformed-chunk':
      writer.malformed();
      return reply.end();
    default:
      return cut(context, spec.params.clean);
  }
}

async function cut(context: ScenarioContext, clean: boolean): Promise<void> {
  if (clean) return context.reply.end();
  // Let the chunks already written reach the client before the connection drops.
  await context.reply.flushed();
  context.destroySocket();
}
