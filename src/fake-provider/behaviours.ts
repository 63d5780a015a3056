/**
 * What the fake provider does for a request, chosen by the request's model name: `name` or
 * `name:key=value,key=value`. Profiles (see `profiles.ts`) are matched before these names.
 *
 * | name | does |
 * |---|---|
 * | `ok` | answers at once (JSON object when JSON was requested) |
 * | `slow` | answers after `ms` (default 5000) |
 * | `429-retry-after` | first attempt: 429 with `Retry-After: s` (default 1); later attempts: ok |
 * | `429` | always 429, no Retry-After |
 * | `500-once` | first attempt: 500; later attempts: ok |
 * | `fail-n` | the first `count` attempts (default 1): `status` (default 500); later attempts: ok |
 * | `503` / `529` | always 503 / 529 (overloaded) |
 * | `error` | always `status` (default 500) in the wire's error shape |
 * | `reset-once` | first attempt: the socket is destroyed before any response; later attempts: ok |
 * | `no-response` | accepts the request and never answers until the client disconnects |
 * | `slow-first-token` | stream: headers and role chunk at once, first content token after `ms` (default 5000), the last one at `total` ms (default: with the first) |
 * | `stream-cut` | `chunks` content chunks (default 2), then the socket is destroyed (`clean=1`: response ended cleanly) with no finish |
 * | `stream-stall` | `chunks` content chunks, then silence until the client disconnects |
 * | `stream-error` | `chunks` content chunks, then an in-stream error event (overloaded) |
 * | `malformed-chunk` | `chunks` content chunks, then a chunk whose data is not JSON |
 * | `no-done` | a complete answer with its finish reason but no `[DONE]` / `message_stop`; then the response ends |
 * | `context-length` | 400 context-length error; with `max`, only when the prompt is over `max` tokens (characters / 4), else ok |
 * | `content-filter` | finish reason `content_filter` (OpenAI) / stop reason `refusal` (Anthropic) |
 * | `content-policy` | 400 refusal: `content_policy_violation` (OpenAI) / "Output blocked by content filtering policy" (Anthropic) |
 * | `flap` | 503 for `down` ms (default 3000) from the first request seen for this model name, then ok |
 * | `bad-json` | answers prose even when JSON was requested (`once=1`: only the first attempt; later ones ok) |
 * | `almost-json` | answers almost-JSON in a ```json fence: single quotes and a trailing comma (`once=1`: first attempt only) |
 * | `out-of-credit` | usage limit: Anthropic 400 "You have reached your specified API usage limits. You will regain access on DATE at HH:MM UTC." (`regain` s from now, default 3600, rounded up to the minute); OpenAI 429 `insufficient_quota` |
 * | `402` | 402 "Insufficient credits" (OpenAI wire: code `insufficient_credits`; Anthropic wire: `billing_error`) |
 * | `judge` | plays a verifier's judge: answers `{"score": s}` with `score` (0..1, default 1), whatever it is asked; with `pass=p`, score 1 for a share p of request keys (by hash) and 0 for the rest |
 *
 * Every behaviour also takes `latency` (ms before the response starts, default 0), `parallel` (tool calls
 * per answer when tools are offered and parallel calls allowed, default 1) and `confidence` (0..1, default 1:
 * an OpenAI-wire stream asked for `logprobs` reports ln(confidence) for every token of a healthy answer).
 * Tools: a healthy answer to a request offering tools (not `tool_choice: none`) whose last turn is not a tool
 * result calls the forced tool, else the first, with arguments sampled from its parameters schema; after a
 * tool result it answers text naming the call (see `tool-answer.ts`).
 * "First attempt" is counted per model name and request key (workflow-id header, else a hash of the messages).
 */
export const BEHAVIOUR_NAMES = [
  'ok',
  'slow',
  '429-retry-after',
  '429',
  '500-once',
  'fail-n',
  '503',
  '529',
  'error',
  'reset-once',
  'no-response',
  'slow-first-token',
  'stream-cut',
  'stream-stall',
  'stream-error',
  'malformed-chunk',
  'no-done',
  'context-length',
  'content-filter',
  'content-policy',
  'flap',
  'bad-json',
  'almost-json',
  'out-of-credit',
  '402',
  'judge',
] as const;
export type BehaviourName = (typeof BEHAVIOUR_NAMES)[number];

/** Defaults for behaviour parameters, ms unless named otherwise. */
export const BEHAVIOUR_DEFAULTS = {
  slowMs: 5000,
  slowFirstTokenMs: 5000,
  flapDownMs: 3000,
  chunks: 2,
  retryAfterSeconds: 1,
  errorStatus: 500,
} as const;

export interface BehaviourParams {
  /** Delay before the response starts, ms. @default 0 (`slow`: 5000) */
  latencyMs: number;
  /** `slow-first-token`: delay from the role chunk to the first content token, ms. @default 5000 */
  firstTokenMs: number;
  /** `flap`: how long the model is down after the first request, ms. @default 3000 */
  downMs: number;
  /** Stream faults: content chunks sent before the fault. @default 2 */
  chunks: number;
  /** `429-retry-after`: the Retry-After value, seconds. @default 1 */
  retryAfterSeconds: number;
  /** `error`, `fail-n`: the HTTP status to answer. @default 500 */
  status: number;
  /** `fail-n`: attempts (per model name and request key) that fail before one answers. @default 1 */
  count: number;
  /** `stream-cut`: end the response cleanly instead of destroying the socket. @default false */
  clean: boolean;
  /** `slow-first-token`: request start to the last token, ms (tokens spread evenly after the first). @default 0 */
  totalMs: number;
  /** Tool calls per answer when tools are offered and parallel calls allowed. @default 1 */
  parallel: number;
  /** `out-of-credit`: seconds from now until the stated regain date (Anthropic wire). @default 3600 */
  regainSeconds: number;
  /** `judge`: the grade it gives, 0..1. @default 1 */
  score: number;
  /** `judge`: share of request keys (by hash) it grades 1, the rest 0; null: always `score`. @default null */
  pass: number | null;
  /** Per-token probability reported as logprobs when asked (OpenAI wire, streamed answers), 0..1. @default 1 */
  confidence: number;
  /** `bad-json`, `almost-json`: misbehave on the first attempt only, answer well after. @default false */
  once: boolean;
  /** `context-length`: largest prompt answered, tokens (characters / 4); null: none is. @default null */
  maxPromptTokens: number | null;
}

export interface BehaviourSpec {
  name: BehaviourName;
  params: BehaviourParams;
}

export type ParseBehaviourResult =
  | { success: true; spec: BehaviourSpec }
  | { success: false; reason: 'unknown-model' | 'bad-parameter'; message: string };

const NAMES: ReadonlySet<string> = new Set(BEHAVIOUR_NAMES);

/** Parses `name[:key=value,...]`; unknown names and bad parameters are reported, never guessed. */
export function parseBehaviour(model: string): ParseBehaviourResult {
  const colon = model.indexOf(':');
  const name = colon === -1 ? model : model.slice(0, colon);
  if (!NAMES.has(name)) {
    return { success: false, reason: 'unknown-model', message: `The model '${name}' does not exist` };
  }
  const behaviour = name as BehaviourName;
  const params: BehaviourParams = {
    latencyMs: behaviour === 'slow' ? BEHAVIOUR_DEFAULTS.slowMs : 0,
    firstTokenMs: BEHAVIOUR_DEFAULTS.slowFirstTokenMs,
    downMs: BEHAVIOUR_DEFAULTS.flapDownMs,
    chunks: BEHAVIOUR_DEFAULTS.chunks,
    retryAfterSeconds: BEHAVIOUR_DEFAULTS.retryAfterSeconds,
    status: BEHAVIOUR_DEFAULTS.errorStatus,
    count: 1,
    clean: false,
    totalMs: 0,
    parallel: 1,
    regainSeconds: 3600,
    score: 1,
    pass: null,
    confidence: 1,
    once: false,
    maxPromptTokens: null,
  };
  const rest = colon === -1 ? '' : model.slice(colon + 1);
  for (const pair of rest.split(',').filter((part) => part.length > 0)) {
    const [key, raw] = pair.split('=', 2);
    const value = Number(raw);
    if (key === undefined || raw === undefined || !Number.isFinite(value) || value < 0) {
      return { success: false, reason: 'bad-parameter', message: `Bad parameter '${pair}' in model '${model}'` };
    }
    const error = applyParameter(behaviour, params, key, value);
    if (error !== null) return { success: false, reason: 'bad-parameter', message: `${error} in model '${model}'` };
  }
  return { success: true, spec: { name: behaviour, params } };
}

function applyParameter(name: BehaviourName, params: BehaviourParams, key: string, value: number): string | null {
  switch (key) {
    case 'ms':
      if (name === 'slow-first-token') params.firstTokenMs = value;
      else params.latencyMs = value;
      return null;
    case 'latency':
      params.latencyMs = value;
      return null;
    case 'down':
      params.downMs = value;
      return null;
    case 'chunks':
      params.chunks = Math.floor(value);
      return null;
    case 's':
    case 'retry-after':
      params.retryAfterSeconds = value;
      return null;
    case 'status':
      if (!Number.isInteger(value) || value < 400 || value > 599) return `Status must be 400..599, got ${value}`;
      params.status = value;
      return null;
    case 'total':
      params.totalMs = value;
      return null;
    case 'count':
      if (!Number.isInteger(value) || value > 100) return `Count must be 0..100, got ${value}`;
      params.count = value;
      return null;
    case 'clean':
      params.clean = value !== 0;
      return null;
    case 'once':
      params.once = value !== 0;
      return null;
    case 'regain':
      params.regainSeconds = value;
      return null;
    case 'score':
      if (value > 1) return `Score must be 0..1, got ${value}`;
      params.score = value;
      return null;
    case 'pass':
      if (value > 1) return `Pass must be 0..1, got ${value}`;
      params.pass = value;
      return null;
    case 'confidence':
      if (value <= 0 || value > 1) return `Confidence must be within (0, 1], got ${value}`;
      params.confidence = value;
      return null;
    case 'max':
      params.maxPromptTokens = Math.floor(value);
      return null;
    case 'parallel':
      if (!Number.isInteger(value) || value < 1 || value > 16) return `Parallel must be 1..16, got ${value}`;
      params.parallel = value;
      return null;
    default:
      return `Unknown parameter '${key}'`;
  }
}
