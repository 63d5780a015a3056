import { z } from 'zod';

const Name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" or "-"');

/** `none` (nobody may), `all`, or a list of names. */
const Grant = z.union([z.enum(['none', 'all']), z.array(Name)]);

/** What one caller may force. Unset fields fall back to the policy-wide grant. */
export const CallerGrantSchema = z.strictObject({
  forceRoutes: Grant.optional(),
  forceModels: Grant.optional(),
});

/**
 * Who may steer routing. A request may ask for a route (`route`) or a model order (`models`); it gets
 * them only where this section grants them, and review rules apply whatever it asked for.
 */
export const AccessSchema = z.strictObject({
  /** Routes any caller may force by name. @default none */
  forceRoutes: Grant.default('none'),
  /** Model keys any caller may ask for. @default none */
  forceModels: Grant.default('none'),
  /**
   * Per-caller grants, by caller name: a gateway API key's name, or a service identity whose credential's
   * public key the worker lists (SWITCHYARD_CALLER_KEYS). Callers prove their name with a signed claim.
   */
  callers: z
    .record(
      z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'use up to 64 letters, digits, ".", "_", "@" or "-"'),
      CallerGrantSchema,
    )
    .default({}),
  /**
   * Request metadata keys routes may match on (`when.metadata`). Other keys a caller sends are ignored
   * for matching. @default []
   */
  metadataKeys: z.array(z.string().min(1).max(64)).default([]),
});

export type Access = z.output<typeof AccessSchema>;
export type AccessGrant = z.output<typeof Grant>;
