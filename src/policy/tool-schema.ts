import { z } from 'zod';

/** Bounds of the tool fields of a request. */
export const TOOL_LIMITS = {
  /** Tools one request may offer. @default 128 */
  tools: 128,
  /** All tool definitions together, characters of JSON. @default 256 KiB */
  toolsChars: 256 * 1024,
  /** A tool's description, characters. @default 4096 */
  description: 4096,
  /** Tool calls one assistant message may carry. @default 128 */
  callsPerMessage: 128,
  /** A tool call id, characters. @default 256 */
  callId: 256,
} as const;

/** A function name as OpenAI and Anthropic both accept it. */
export const ToolNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'use 1 to 64 letters, digits, "_" or "-" (a function name)');

/** A provider's tool call id (`call_…`, `toolu_…`): printable ASCII without spaces. */
export const ToolCallIdSchema = z
  .string()
  .regex(
    new RegExp(`^[\\x21-\\x7e]{1,${TOOL_LIMITS.callId}}$`),
    `use 1 to ${TOOL_LIMITS.callId} printable characters without spaces`,
  );

/** A function the model may call: name, what it does, and its parameters as a JSON Schema. */
export const ToolSchema = z.strictObject({
  name: ToolNameSchema,
  /** What the function does, for the model. @default none */
  description: z.string().max(TOOL_LIMITS.description).optional(),
  /** JSON Schema of the arguments object. @default none (any object) */
  parameters: z.record(z.string(), z.unknown()).optional(),
});

/** One tool call a model asked for (an assistant turn carries them; a `tool` turn answers one by id). */
export const ToolCallSchema = z.strictObject({
  /** Provider's call id; the tool-result turn refers to it. */
  id: ToolCallIdSchema,
  /** Function name. */
  name: ToolNameSchema,
  /** Arguments as the model wrote them: a JSON text (not parsed, never trusted). Bounded by the request size. */
  arguments: z.string(),
});

/**
 * Whether and which tool the model must call: `auto` (it decides), `none` (answer in text), `required`
 * (call at least one), or `{ name }` (call that one).
 */
export const ToolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required']),
  z.strictObject({ name: ToolNameSchema }),
]);
