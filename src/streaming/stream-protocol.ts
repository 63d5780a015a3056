import { z } from 'zod';

export { type StreamTicket, StreamTicketSchema } from '../policy/stream-ticket.js';

/** Bounds the gateway enforces on what workers send. */
export const STREAM_LIMITS = {
  /** Longest line, characters (a delta is a few tokens; this is generous). @default 256 KiB */
  lineChars: 256 * 1024,
  /** All lines of one request's stream together, bytes; more is dropped. @default 8 MiB */
  streamBytes: 8 * 1024 * 1024,
  /** Attempts one request's stream accepts. @default 32 */
  attempts: 32,
} as const;

/**
 * The live-answer side channel between a worker's callModel activity and the gateway holding the client's
 * connection (docs/streaming.md). One HTTP POST per model attempt, its body newline-delimited JSON, each line
 * one of these events, written as the model produces tokens. The workflow history stays the record: a lost
 * or forged line can change what a client sees early, never the validated answer it ends with.
 */
export const StreamLineSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('start'),
    /** Attempt number within the request (1-based), as in the history. */
    attempt: z.number().int().positive().max(10_000),
    model: z.string().max(128),
    role: z.string().max(32),
  }),
  z.strictObject({ type: z.literal('text'), text: z.string().max(STREAM_LIMITS.lineChars) }),
  z.strictObject({
    type: z.literal('tool-call'),
    index: z.number().int().nonnegative().max(1024),
    id: z.string().max(256).optional(),
    name: z.string().max(256).optional(),
    argumentsDelta: z.string().max(STREAM_LIMITS.lineChars).optional(),
  }),
  /**
   * A slow request's interim message (docs/streaming.md#interim-messages): sent alone in its own POST, before or
   * between attempts, never part of the answer.
   */
  z.strictObject({ type: z.literal('interim'), message: z.string().min(1).max(2000) }),
  z.strictObject({
    type: z.literal('end'),
    ok: z.boolean(),
    /** The attempt's error type when it failed (the taxonomy's `type`). */
    errorType: z.string().max(64).optional(),
  }),
]);

export type StreamLine = z.output<typeof StreamLineSchema>;

/** Path prefix of the gateway's stream endpoint. */
export const STREAM_PATH = '/internal/streams';
