/** Which wire format a request used. */
export type FakeWire = 'openai' | 'anthropic';

/** Decoding values a request carried, as the fake read them off the wire; null: not sent. */
export interface FakeDecoding {
  temperature: number | null;
  /** `top_p`. */
  topP: number | null;
  /** OpenAI `stop` (a string becomes one entry), Anthropic `stop_sequences`. */
  stop: string[] | null;
  seed: number | null;
  /** Output cap: OpenAI `max_completion_tokens` or `max_tokens`, Anthropic `max_tokens`. */
  maxTokens: number | null;
}

/** One request as the fake provider received it. */
export interface FakeAttempt {
  /** 1-based arrival order. */
  seq: number;
  /** Arrival time, ISO 8601. */
  at: string;
  wire: FakeWire;
  path: string;
  model: string;
  stream: boolean;
  /** `x-switchyard-workflow-id` header, or null. */
  workflowId: string | null;
  /** `x-switchyard-attempt` header as a number, or null. */
  attempt: number | null;
  /** Every message content received (system included), joined by newlines. */
  text: string;
  /** HTTP status sent, or null when none was (reset, no response, client gone first). */
  status: number | null;
  /** Behaviour or profile name that handled the request. */
  behaviour: string;
  /** Whether an `x-api-key` or `authorization` header was present (never its value). */
  hasApiKey: boolean;
  /** Temperature, top_p, stop, seed and output cap as received. */
  decoding: FakeDecoding;
}

export interface FakeAttemptFilter {
  model?: string;
  workflowId?: string;
}

/** A bounded in-memory log: keeps the newest `capacity` attempts. */
export class AttemptLog {
  private readonly entries: FakeAttempt[] = [];
  private nextSeq = 1;

  constructor(private readonly capacity: number) {}

  add(attempt: Omit<FakeAttempt, 'seq'>): FakeAttempt {
    const entry: FakeAttempt = { seq: this.nextSeq++, ...attempt };
    this.entries.push(entry);
    // Trim in batches so a full log does not shift the array on every request.
    if (this.entries.length > this.capacity + Math.max(1, Math.floor(this.capacity / 10))) {
      this.entries.splice(0, this.entries.length - this.capacity);
    }
    return entry;
  }

  list(filter: FakeAttemptFilter = {}): FakeAttempt[] {
    const kept = this.entries.slice(-this.capacity);
    return kept
      .filter((entry) => filter.model === undefined || entry.model === filter.model)
      .filter((entry) => filter.workflowId === undefined || entry.workflowId === filter.workflowId)
      .map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.entries.length = 0;
  }
}
