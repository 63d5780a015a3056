import { z } from 'zod';
import { DecodingSchema } from './decoding-schema.js';
import { REVIEW_DECISION_LIMITS } from './review-decision.js';
import { TOOL_LIMITS, ToolCallIdSchema, ToolCallSchema, ToolChoiceSchema, ToolSchema } from './tool-schema.js';
import { REVIEW_DECISIONS } from './types.js';

/**
 * Largest request the router accepts: UTF-8 bytes over all message contents and tool-call arguments. Well under Temporal's 2 MB
 * payload limit, so an oversized request is refused with a clear error instead of failing to start.
 * @default 1 MiB
 */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** Largest `responseFormat` (its JSON Schema), characters of JSON. @default 64 KiB */
export const MAX_RESPONSE_FORMAT_CHARS = 64 * 1024;

const Label = z.string().min(1).max(64);

/** A structured-output requirement: the answer must be JSON, optionally matching a JSON Schema. */
export const ResponseFormatSchema = z.strictObject({
  type: z.literal('json'),
  /** JSON Schema the answer must satisfy. @default none (any JSON value) */
  schema: z.record(z.string(), z.unknown()).optional(),
});

/**
 * One turn of the conversation. `content` is always text (an assistant turn that only calls tools has '').
 * An assistant turn may carry the `toolCalls` its model asked for; a `tool` turn is one call's result and
 * names it with `toolCallId`.
 */
export const ChatMessageSchema = z
  .strictObject({
    role: z.enum(['system', 'user', 'assistant', 'tool']),
    content: z.string(),
    /** Tool calls of an assistant turn. @default none */
    toolCalls: z.array(ToolCallSchema).min(1).max(TOOL_LIMITS.callsPerMessage).optional(),
    /** The call a `tool` turn answers (required there, nowhere else). */
    toolCallId: ToolCallIdSchema.optional(),
  })
  .superRefine((message, context) => {
    if (message.toolCalls && message.role !== 'assistant') {
      context.addIssue({ code: 'custom', path: ['toolCalls'], message: 'only assistant messages carry tool calls' });
    }
    if (message.role === 'tool' && message.toolCallId === undefined) {
      context.addIssue({ code: 'custom', path: ['toolCallId'], message: 'required for tool messages' });
    }
    if (message.role !== 'tool' && message.toolCallId !== undefined) {
      context.addIssue({ code: 'custom', path: ['toolCallId'], message: 'only tool messages carry a toolCallId' });
    }
  });

/**
 * A request as services send it, validated with this one schema everywhere: client, gateway, CLI and the
 * workflow itself (for direct starts). Every field is bounded.
 */
export const RouteRequestSchema = z
  .strictObject({
    /** Caller's id for idempotency; becomes part of the workflow id. Never put personal data here. */
    requestId: z
      .string()
      .regex(
        /^[A-Za-z0-9._:-]{1,128}$/,
        'use up to 128 letters, digits, ".", "_", ":" or "-" (it becomes a workflow id)',
      )
      .optional(),
    /** The conversation; the last user message is what is classified. */
    messages: z.array(ChatMessageSchema).min(1, 'at least one message is required').max(2000, 'at most 2000 messages'),
    /** Asks for a named route; honoured only where the policy's `access` grants it (never skips review). */
    route: Label.optional(),
    /** Asks for a model order (OpenRouter's `models`); honoured only where `access` grants it. */
    models: z.array(Label).max(16).optional(),
    /** Output cap in tokens. @default the route's maxOutputTokens */
    maxOutputTokens: z.number().int().positive().max(1_000_000).optional(),
    /** Overrides the route's response format. */
    responseFormat: ResponseFormatSchema.refine(
      (format) => JSON.stringify(format).length <= MAX_RESPONSE_FORMAT_CHARS,
      {
        message: `at most ${MAX_RESPONSE_FORMAT_CHARS} characters of JSON`,
      },
    ).optional(),
    /** Non-personal labels (channel, tenant); routes match only keys the policy declares (`access.metadataKeys`). */
    metadata: z
      .record(Label, z.string().max(256))
      .refine((metadata) => Object.keys(metadata).length <= 32, { message: 'at most 32 keys' })
      .optional(),
    /** Number of attachments the caller holds back (a complexity signal). @default 0 */
    attachments: z.number().int().nonnegative().max(10_000).optional(),
    /** Functions the model may call; only models with the `tools` capability take such a request. @default none */
    tools: z
      .array(ToolSchema)
      .max(TOOL_LIMITS.tools, `at most ${TOOL_LIMITS.tools} tools`)
      .refine((tools) => JSON.stringify(tools).length <= TOOL_LIMITS.toolsChars, {
        message: `at most ${TOOL_LIMITS.toolsChars} characters of JSON`,
      })
      .optional(),
    /** Whether and which tool the model must call. @default provider default (`auto`) */
    toolChoice: ToolChoiceSchema.optional(),
    /** Whether the model may ask for several tool calls in one turn. @default provider default (true) */
    parallelToolCalls: z.boolean().optional(),
    /**
     * Temperature, topP, stop, seed the caller asks for: used only where the route says `callerDecoding: clamp`,
     * clamped to its `decodingLimits` (docs/gateway.md#decoding-parameters). @default the policy's values
     */
    decoding: DecodingSchema.optional(),
  })
  .superRefine((request, context) => {
    if (!request.messages.some((message) => message.role === 'user' && message.content.trim() !== '')) {
      context.addIssue({ code: 'custom', path: ['messages'], message: 'needs a non-empty user message' });
    }
    const tooLarge = requestSizeProblem(request.messages);
    if (tooLarge) context.addIssue({ code: 'custom', path: ['messages'], message: tooLarge });
    const toolProblem = toolChoiceProblem(request);
    if (toolProblem) context.addIssue({ code: 'custom', path: ['toolChoice'], message: toolProblem });
    const names = (request.tools ?? []).map((tool) => tool.name);
    const repeated = names.find((name, index) => names.indexOf(name) !== index);
    if (repeated) context.addIssue({ code: 'custom', path: ['tools'], message: `tool "${repeated}" is defined twice` });
  });

/** Why `toolChoice` cannot be honoured with the offered tools, or null. */
function toolChoiceProblem(request: {
  tools?: readonly { name: string }[] | undefined;
  toolChoice?: string | { name: string } | undefined;
}): string | null {
  const { toolChoice, tools = [] } = request;
  if (toolChoice === undefined || toolChoice === 'auto' || toolChoice === 'none') return null;
  if (tools.length === 0) return 'needs tools to choose from';
  if (typeof toolChoice === 'object' && !tools.some((tool) => tool.name === toolChoice.name)) {
    return `names tool "${toolChoice.name}", which is not in tools`;
  }
  return null;
}

/** Why the messages (contents and tool-call arguments) are over the router's size limit (MAX_REQUEST_BYTES), or null. */
export function requestSizeProblem(
  messages: readonly { content: string; toolCalls?: readonly { arguments: string }[] | undefined }[],
): string | null {
  let bytes = 0;
  for (const message of messages) {
    bytes += utf8Length(message.content);
    for (const call of message.toolCalls ?? []) bytes += utf8Length(call.arguments);
  }
  return bytes > MAX_REQUEST_BYTES ? `${bytes} bytes exceed the router's limit of ${MAX_REQUEST_BYTES}` : null;
}

/** UTF-8 length of a string, bytes (no TextEncoder needed: runs in workflow code too). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** A reviewer's decision at the edge; the workflow's reviewDecisionProblem applies the same limits. */
export const ReviewDecisionSchema = z.strictObject({
  reviewer: z.string().min(1).max(REVIEW_DECISION_LIMITS.reviewer),
  decision: z.enum(REVIEW_DECISIONS),
  /** Reply text for `reply-with-text`. */
  text: z.string().max(REVIEW_DECISION_LIMITS.text).optional(),
  /** Model key for `reroute-to-model`. */
  model: z.string().max(REVIEW_DECISION_LIMITS.model).optional(),
  /** Free-form note for the audit trail. */
  note: z.string().max(REVIEW_DECISION_LIMITS.note).optional(),
  /**
   * Ed25519 signature (hex) by the reviewer's credential over the fields above, bound to the workflow id
   * (signReviewDecision in review-decision.ts); the workflow refuses a decision without one.
   */
  signature: z.string().regex(/^[0-9a-f]{128}$/i, 'an Ed25519 signature in hex (128 characters)'),
});

/** First issue of a zod error as `field: message`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid input';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
