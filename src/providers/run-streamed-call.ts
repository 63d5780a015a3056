import { isConnectionFailure } from './connection-failure.js';
import { ModelCallError } from './model-call-error.js';
import { StreamWatchdog } from './stream-watchdog.js';
import {
  emptyToolCallAssembly,
  finishedToolCalls,
  type ToolCallAssembly,
  unsentToolCallDeltas,
} from './tool-call-stream.js';
import type { FinishReason, ModelCallOptions, ModelCallResult, ModelDelta } from './types.js';

/** What a stream has said so far; adapters fold their wire's events into it. */
export interface StreamState {
  text: string;
  /** Provider's raw finish / stop reason; null until one arrives. */
  finishRaw: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  /** Model id the provider reported. */
  model: string | null;
  /** Tool calls so far (see tool-call-stream.ts). */
  toolCalls: ToolCallAssembly;
  /** Sum and count of the token log-probabilities received (OpenAI `logprobs`). @default absent */
  logprobs?: { sum: number; count: number };
}

/** One wire format's part of a streamed call. */
export interface StreamedCall<Event> {
  /** Sends the request; resolves once the response headers arrived. */
  open(signal: AbortSignal): Promise<AsyncIterable<Event>>;
  /** Folds one event into the state; true when it carried generated tokens (answer or reasoning). */
  apply(state: StreamState, event: Event): boolean;
  mapError(error: unknown): ModelCallError;
  toFinishReason(raw: string): FinishReason;
  /** Reported when the provider names none. */
  modelId: string;
  /** Characters sent, for a usage estimate when the provider reports none. */
  inputChars: number;
}

/**
 * Runs a streamed model call to its end under the first-token, idle and caller limits. A finish reason
 * makes the answer complete even without the wire's end marker; a stream that ends (or drops) without one
 * is `StreamTruncated`, never a success.
 */
export async function runStreamedCall<Event>(
  call: StreamedCall<Event>,
  options: ModelCallOptions,
): Promise<ModelCallResult> {
  const watchdog = new StreamWatchdog(options);
  const state: StreamState = {
    text: '',
    finishRaw: null,
    inputTokens: null,
    outputTokens: null,
    model: null,
    toolCalls: emptyToolCallAssembly(),
  };
  let opened = false;
  try {
    try {
      if (watchdog.tripped === null) {
        const stream = await call.open(watchdog.signal);
        opened = true;
        watchdog.responded();
        for await (const event of stream) {
          const before = state.text.length;
          watchdog.event(call.apply(state, event));
          if (state.text.length > before) emitDelta(options, { kind: 'text', text: state.text.slice(before) });
          for (const delta of unsentToolCallDeltas(state.toolCalls)) emitDelta(options, delta);
        }
      }
    } catch (error) {
      if (watchdog.tripped !== null) return finishAfterTrip(call, watchdog, state);
      // A drop after the finish reason loses nothing but the end marker.
      if (state.finishRaw !== null && isConnectionFailure(error)) return complete(call, watchdog, state);
      if (opened && isConnectionFailure(error)) {
        throw new ModelCallError('StreamTruncated', 'connection dropped mid-stream', { cause: error });
      }
      throw call.mapError(error);
    }
    if (watchdog.tripped !== null) return finishAfterTrip(call, watchdog, state);
    if (state.finishRaw === null) throw new ModelCallError('StreamTruncated', 'stream ended without a finish reason');
    return complete(call, watchdog, state);
  } finally {
    watchdog.dispose();
  }
}

/** Hands a delta to the caller's hook; a throwing hook never breaks the call. */
export function emitDelta(options: ModelCallOptions, delta: ModelDelta): void {
  if (!options.onDelta) return;
  try {
    options.onDelta(delta);
  } catch {
    // The live stream is a courtesy; the call's result is what counts.
  }
}

/** The SDKs end iteration quietly when aborted: decide between the limit's error and a complete answer. */
function finishAfterTrip<Event>(
  call: StreamedCall<Event>,
  watchdog: StreamWatchdog,
  state: StreamState,
): ModelCallResult {
  if (watchdog.tripped !== 'caller' && state.finishRaw !== null) return complete(call, watchdog, state);
  throw watchdog.timeoutError();
}

function complete<Event>(call: StreamedCall<Event>, watchdog: StreamWatchdog, state: StreamState): ModelCallResult {
  const toolCalls = finishedToolCalls(state.toolCalls);
  const argumentsChars = toolCalls.reduce((sum, toolCall) => sum + toolCall.arguments.length, 0);
  return {
    text: state.text,
    toolCalls,
    usage: {
      inputTokens: state.inputTokens ?? Math.ceil(call.inputChars / 4),
      outputTokens: state.outputTokens ?? Math.ceil((state.text.length + argumentsChars) / 4),
    },
    finishReason: call.toFinishReason(state.finishRaw ?? ''),
    model: state.model ?? call.modelId,
    latencyMs: watchdog.elapsedMs(),
    firstTokenMs: watchdog.firstTokenMs,
    ...(state.logprobs && state.logprobs.count > 0 ? { meanLogprob: state.logprobs.sum / state.logprobs.count } : {}),
  };
}
