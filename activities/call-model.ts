import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { type CircuitTarget, circuitEntityId, sharedCircuitBoard } from '../src/circuit/circuit-board.js';
import { responseFormatProblem } from '../src/output/validate-response-format.js';
import { circuitSettingsFor } from '../src/policy/circuit-schema.js';
import { costUsd, roundUsd } from '../src/policy/cost.js';
import type { ModelConfig, Policy, ProviderConfig } from '../src/policy/schema.js';
import { redactMessages } from '../src/privacy/redact.js';
import { assertComplete } from '../src/providers/assert-complete.js';
import { createAdapter } from '../src/providers/create-adapter.js';
import { finishKindOf } from '../src/providers/finish-kind.js';
import { ModelCallError } from '../src/providers/model-call-error.js';
import { openStreamPublisher, SILENT_PUBLISHER, type StreamPublisher } from '../src/streaming/stream-publisher.js';
import { type StreamSinks, sinkAllowed, streamSinksFromEnv } from '../src/streaming/stream-sinks.js';
import { startAttemptSpan } from '../src/telemetry/attempt-span.js';
import { decodingFields, fromSchemaTool, schemaToolFields, withStrictFormat } from './attempt-options.js';
import { checkedAnswer } from './checked-answer.js';
import type { ActivityDeps } from './deps.js';
import { resolveProvider } from './resolve-provider.js';
import { toApplicationFailure } from './to-application-failure.js';
import type { CallModelInput, CallModelOutput } from './types.js';

/** Streams shorter than this are not heartbeated, ms. */
const HEARTBEAT_AFTER_MS = 1000;

/** One model attempt: stream the answer within the attempt's limits, check it, price it. */
export function createCallModel(deps: ActivityDeps) {
  const env = deps.env ?? process.env;
  const makeAdapter = deps.createAdapter ?? createAdapter;
  const sinks = deps.streamSinks ?? streamSinksFromEnv(env);
  const board = deps.circuits ?? sharedCircuitBoard();

  return async function callModel(input: CallModelInput): Promise<CallModelOutput> {
    const context = Context.current();
    const started = performance.now();
    const controller = new AbortController();
    const timeouts = attemptTimeouts(input.timeouts);
    const timer = setTimeout(() => controller.abort(), timeouts.timeoutMs);
    const onCancel = () => controller.abort();
    context.cancellationSignal.addEventListener('abort', onCancel);
    // A hedged leg may be cancelled while the provider is silent: only heartbeats bring the cancellation here.
    const beat = input.heartbeatMs ? setInterval(() => context.heartbeat(), input.heartbeatMs) : undefined;
    let spentUsd = 0;
    const publisher = livePublisher(input, sinks, (problem) =>
      context.log.warn('live stream unavailable', { problem }),
    );
    const model = workerModel(deps, input);
    const resolved = 'problem' in model ? null : model;
    const span = startAttemptSpan({
      modelKey: input.modelKey,
      provider: resolved?.providerKey ?? null,
      providerModel: resolved?.config.id ?? null,
      role: input.role,
      n: input.n,
      redacted: input.redact === true,
    });
    let circuit: { target: CircuitTarget; client: Client } | null = null;
    let releaseProbe: () => void = () => undefined;
    try {
      if ('problem' in model) throw new ModelCallError('ProviderMisconfigured', model.problem);
      const { provider, providerKey } = model;
      const { baseURL, apiKey } = resolveProvider(providerKey, provider, env, deps.fakeProviderUrl);
      circuit = circuitOf(input, model, baseURL, context);
      if (circuit) {
        const verdict = await board.check(circuit.target, circuit.client, { attemptTimeoutMs: timeouts.timeoutMs });
        if (!verdict.allowed) {
          circuit = null; // a skipped attempt says nothing about the provider
          throw new ModelCallError('CircuitOpen', verdict.message);
        }
        releaseProbe = verdict.release;
        if (verdict.probe) context.log.info('circuit half-open: probe attempt', { model: input.modelKey });
      }
      const adapter = makeAdapter({
        kind: provider.kind,
        providerId: providerKey,
        modelId: model.config.id,
        baseURL,
        ...(apiKey ? { apiKey } : {}),
        ...(provider.headers ? { headers: provider.headers } : {}),
      });
      // Inside the attempt's span, so a provider SDK's own span (Anthropic's) nests under it.
      const generated = await span.run(() =>
        adapter.generate(
          {
            messages: withStrictFormat(
              input.redact ? redactMessages(input.messages, input.minScore ?? 0.5) : input.messages,
              input,
            ),
            maxOutputTokens: input.maxOutputTokens,
            ...decodingFields(input),
            ...(input.tools && input.tools.length > 0 ? { tools: input.tools } : {}),
            ...(input.toolChoice === undefined ? {} : { toolChoice: input.toolChoice }),
            ...(input.parallelToolCalls === undefined ? {} : { parallelToolCalls: input.parallelToolCalls }),
            ...schemaToolFields(input),
            json: input.responseFormat !== null,
            ...(input.responseFormat?.schema ? { jsonSchema: input.responseFormat.schema } : {}),
            trace: { workflowId: input.workflowId, attempt: input.n },
            ...(input.answerFacts?.logprobs ? { logprobs: true } : {}),
          },
          {
            signal: controller.signal,
            firstTokenTimeoutMs: timeouts.firstTokenTimeoutMs,
            idleTimeoutMs: timeouts.idleTimeoutMs,
            // Short calls need no heartbeat (the activity timeout covers them); long streams report progress
            // so cancellation reaches them. Skipping the first second saves a round trip per attempt.
            onProgress: () => {
              if (performance.now() - started > HEARTBEAT_AFTER_MS) context.heartbeat();
            },
            onDelta: (delta) => publisher.delta(delta),
          },
        ),
      );
      const result = fromSchemaTool(generated, input); // a schema-tool answer as text (adjusted retry)
      spentUsd = roundUsd(costUsd(model.config, result.usage.inputTokens, result.usage.outputTokens));
      const acceptTruncated = input.acceptTruncated === true;
      assertComplete(result, { acceptTruncated });
      const toolCalls = result.toolCalls ?? [];
      const finish = finishKindOf(result.finishReason.unified, toolCalls.length > 0);
      const checked = checkedAnswer(result.text, input, finish); // repaired first when asked (no second call)
      if (!checked.ok) {
        const { problem, repairFailed } = checked;
        const facts = { usage: result.usage, text: result.text, ...(repairFailed ? { repairFailed } : {}) };
        throw new ModelCallError('OutputFormatInvalid', problem, facts);
      }
      if (circuit)
        board.report(circuit.target, circuit.client, {
          errorType: null,
          latencyMs: performance.now() - started,
          untilMs: null,
        });
      span.end({ ok: true, ...tokensOf(result.usage), costUsd: spentUsd, responseModel: result.model });
      publisher.end({ ok: true });
      return {
        text: checked.text,
        ...(checked.repaired ? { repaired: checked.repaired } : {}),
        inputTokens: result.usage.inputTokens,
        outputTokens: result.usage.outputTokens,
        costUsd: spentUsd,
        latencyMs: Math.round(performance.now() - started),
        firstTokenMs: result.firstTokenMs,
        providerModel: result.model,
        finishReason: result.finishReason.raw,
        finish,
        ...(toolCalls.length > 0 ? { toolCalls } : {}),
        ...(input.answerFacts
          ? { answerFacts: measureAnswer(input.answerFacts, { ...result, text: checked.text }) }
          : {}),
      };
    } catch (error) {
      const failure = error instanceof ModelCallError ? error : null;
      publisher.end({
        ok: false,
        errorType: context.cancellationSignal.aborted ? 'Cancelled' : (failure?.type ?? 'Unknown'),
      });
      if (context.cancellationSignal.aborted) {
        span.end({ ok: false, errorKind: 'cancelled', errorType: 'Cancelled', status: null, ...noUsage, costUsd: 0 });
        throw context.cancellationSignal.reason ?? error;
      }
      if (error instanceof ModelCallError && error.usage && spentUsd === 0 && !('problem' in model)) {
        spentUsd = roundUsd(costUsd(model.config, error.usage.inputTokens, error.usage.outputTokens));
      }
      span.end({
        ok: false,
        errorKind: failure?.kind ?? 'permanent',
        errorType: failure?.type ?? 'Unknown',
        status: failure?.status ?? null,
        ...tokensOf(failure?.usage ?? noUsage),
        costUsd: spentUsd,
      });
      const latencyMs = performance.now() - started;
      if (circuit) {
        const untilMs = failure?.untilMs ?? null;
        board.report(circuit.target, circuit.client, { errorType: failure?.type ?? 'Unknown', latencyMs, untilMs });
      }
      context.log.info('model attempt failed', {
        model: input.modelKey,
        attempt: input.n,
        type: error instanceof ModelCallError ? error.type : 'Unknown',
        latencyMs: Math.round(latencyMs),
      });
      throw toApplicationFailure(error, { latencyMs, costUsd: spentUsd });
    } finally {
      releaseProbe();
      clearTimeout(timer);
      clearInterval(beat);
      context.cancellationSignal.removeEventListener('abort', onCancel);
    }
  };
}

/** The attempt's live stream to the gateway, when the workflow asked for one and the worker allows the sink. */
function livePublisher(input: CallModelInput, sinks: StreamSinks, warn: (problem: string) => void): StreamPublisher {
  if (!input.stream) return SILENT_PUBLISHER;
  if (!sinkAllowed(input.stream.url, sinks)) {
    warn('the gateway URL is not in SWITCHYARD_STREAM_SINKS; the answer reaches the client when validated');
    return SILENT_PUBLISHER;
  }
  return openStreamPublisher(input.stream, { n: input.n, model: input.modelKey, role: input.role }, warn);
}

/** A verifier's facts about the answer (docs/router.md#cascade), with the route format's own validator. */
function measureAnswer(
  request: NonNullable<CallModelInput['answerFacts']>,
  result: { text: string; meanLogprob?: number | null },
): NonNullable<CallModelOutput['answerFacts']> {
  return {
    ...(request.format ? { formatProblem: responseFormatProblem(result.text, request.format) } : {}),
    ...(request.logprobs ? { meanLogprob: result.meanLogprob ?? null } : {}),
  };
}

const noUsage = { inputTokens: 0, outputTokens: 0 };
const tokensOf = ({ inputTokens, outputTokens }: typeof noUsage) => ({ inputTokens, outputTokens });

/**
 * The circuits guarding this attempt, or null when the policy disables the breaker for the model or the activity
 * has no Temporal client (a mock environment).
 */
function circuitOf(
  input: CallModelInput,
  model: { config: ModelConfig; provider: ProviderConfig; providerKey: string; policy: Policy },
  baseURL: string,
  context: Context,
): { target: CircuitTarget; client: Client } | null {
  const settings = circuitSettingsFor(model.policy, input.modelKey);
  if (!settings.enabled) return null;
  let client: Client;
  try {
    client = context.client;
  } catch {
    return null;
  }
  const taskQueue = context.info.taskQueue;
  return {
    client,
    target: {
      entityId: circuitEntityId(taskQueue, model.providerKey, model.provider.kind, baseURL),
      taskQueue,
      provider: model.providerKey,
      model: model.config.id,
      route: input.route ?? null,
      settings,
    },
  };
}

/** The model and its provider from the worker's own copy of the policy: never from workflow input. */
function workerModel(
  deps: ActivityDeps,
  input: CallModelInput,
): { config: ModelConfig; provider: ProviderConfig; providerKey: string; policy: Policy } | { problem: string } {
  const loaded = deps.trust?.policies.byHash.get(input.policyHash);
  if (!loaded) return { problem: `policy ${input.policyHash.slice(0, 12)}… is not loaded on this worker` };
  const config = loaded.policy.models[input.modelKey];
  const provider = config ? loaded.policy.providers[config.provider] : undefined;
  if (!config || !provider) return { problem: `model ${input.modelKey} is not in policy ${loaded.policy.version}` };
  return { config, provider, providerKey: config.provider, policy: loaded.policy };
}

/** The attempt's limits; attempts scheduled before the names were unified (in flight at a deploy) use the old ones. */
function attemptTimeouts(timeouts: CallModelInput['timeouts']): CallModelInput['timeouts'] {
  const old = timeouts as Partial<Record<'totalMs' | 'firstTokenMs' | 'idleMs', number>>;
  if (typeof timeouts.timeoutMs === 'number' || old.totalMs === undefined) return timeouts;
  return {
    timeoutMs: old.totalMs,
    firstTokenTimeoutMs: old.firstTokenMs ?? old.totalMs,
    idleTimeoutMs: old.idleMs ?? old.totalMs,
  };
}
