import { z } from 'zod';
import { REVIEW_DECISIONS } from './types.js';

/** A request as services send it, validated at the edge (client, gateway, CLI). */
export const RouteRequestSchema = z.strictObject({
  requestId: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'use up to 128 letters, digits, ".", "_", ":" or "-" (it becomes a workflow id)')
    .optional(),
  messages: z
    .array(z.strictObject({ role: z.enum(['system', 'user', 'assistant']), content: z.string() }))
    .min(1, 'at least one message is required'),
  route: z.string().min(1).optional(),
  models: z.array(z.string().min(1)).optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  responseFormat: z
    .strictObject({ type: z.literal('json'), schema: z.record(z.string(), z.unknown()).optional() })
    .optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  attachments: z.number().int().nonnegative().optional(),
});

export const ReviewDecisionSchema = z.strictObject({
  reviewer: z.string().min(1),
  decision: z.enum(REVIEW_DECISIONS),
  text: z.string().optional(),
  model: z.string().optional(),
  note: z.string().optional(),
});

/** First issue of a zod error as `field: message`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid input';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
