import type { IncomingMessage, ServerResponse } from 'node:http';
import { shortHash } from './answers.js';
import type { AttemptLog, FakeAttempt } from './attempt-log.js';
import { parseBehaviour } from './behaviours.js';
import type { BoundedMap } from './bounded-map.js';
import { decideProfile, type FakeModelProfile } from './profiles.js';
import { createReply } from './reply.js';
import { runBehaviour, runProfile, type ScenarioContext } from './scenario.js';
import type { SeededRandom } from './seeded-random.js';
import { NO_DECODING } from './wire-decoding.js';
import type { Wire } from './wire-types.js';

/** Minimal logger (pino-compatible). The fake never logs message text. */
export interface FakeProviderLogger {
  debug(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
}

/** Mutable state shared by all requests of one fake provider. */
export interface FakeProviderState {
  log: AttemptLog;
  /** Attempts seen per model name and request key. */
  attemptCounts: BoundedMap<string, number>;
  /** First arrival per model name, epoch ms (for `flap`). */
  firstSeen: BoundedMap<string, number>;
  profiles: Readonly<Record<string, FakeModelProfile>>;
  random: SeededRandom;
  logger: FakeProviderLogger | undefined;
}

function header(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.length === 0 ? null : text;
}

/** Answers one `POST` to a model endpoint in `wire`'s format, recording the attempt first. */
export async function handleModelRequest(
  state: FakeProviderState,
  wire: Wire,
  request: IncomingMessage,
  response: ServerResponse,
  body: string,
  signal: AbortSignal,
): Promise<void> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const parsed = json === undefined ? 'Request body is not valid JSON' : wire.parse(json);
  const workflowId = header(request, 'x-switchyard-workflow-id');
  const attemptHeader = Number.parseInt(header(request, 'x-switchyard-attempt') ?? '', 10);
  const base = {
    at: new Date().toISOString(),
    wire: wire.name,
    path: request.url ?? '',
    workflowId,
    attempt: Number.isFinite(attemptHeader) ? attemptHeader : null,
    status: null,
    hasApiKey: header(request, 'x-api-key') !== null || header(request, 'authorization') !== null,
  };
  if (typeof parsed === 'string') {
    const invalid = { model: '', stream: false, text: '', behaviour: 'invalid-request', decoding: NO_DECODING };
    const attempt = state.log.add({ ...base, ...invalid });
    wire.sendError(
      createReply(response, (status) => recordStatus(state, attempt, status)),
      400,
      parsed,
    );
    return;
  }
  const { model } = parsed;
  const profile = state.profiles[model] ?? state.profiles[model.split(':')[0] ?? model];
  const behaviour = profile ? null : parseBehaviour(model);
  const label = profile ? `profile:${model}` : behaviour?.success ? behaviour.spec.name : 'unknown-model';
  const { stream, text, decoding } = parsed;
  const attempt = state.log.add({ ...base, model, stream, text, behaviour: label, decoding });
  const reply = createReply(response, (status) => recordStatus(state, attempt, status));
  if (behaviour && !behaviour.success) {
    const status = behaviour.reason === 'unknown-model' ? 404 : 400;
    const code = behaviour.reason === 'unknown-model' ? 'model_not_found' : 'invalid_model_parameter';
    wire.sendError(reply, status, behaviour.message, { code });
    return;
  }
  const requestKey = workflowId ?? `messages:${shortHash(parsed.messagesKey)}`;
  const countKey = `${model}\u0000${requestKey}`;
  const attemptIndex = state.attemptCounts.get(countKey) ?? 0;
  state.attemptCounts.set(countKey, attemptIndex + 1);
  const now = Date.now();
  const firstSeen = state.firstSeen.get(model) ?? now;
  if (firstSeen === now) state.firstSeen.set(model, now);
  const context: ScenarioContext = {
    wire,
    reply,
    request: parsed,
    requestKey,
    attemptIndex,
    sinceFirstSeenMs: now - firstSeen,
    signal,
    destroySocket: () => request.socket.destroy(),
  };
  if (profile) await runProfile(context, decideProfile(profile, state.random));
  else if (behaviour?.success) await runBehaviour(context, behaviour.spec);
}

function recordStatus(state: FakeProviderState, attempt: FakeAttempt, status: number): void {
  attempt.status = status;
  state.logger?.debug(
    { seq: attempt.seq, wire: attempt.wire, model: attempt.model, behaviour: attempt.behaviour, status },
    'fake provider response',
  );
}
