import type { z } from 'zod';
import { checkPolicySafety } from './check-policy-safety.js';
import { checkReferences } from './check-references.js';
import type { Policy } from './schema.js';

type RefinementContext = z.core.$RefinementCtx<z.output<z.ZodObject>>;

/** Cross-references and run-time safety, reported with the path of the offending field. */
export function checkPolicy(policy: Omit<Policy, never>, context: RefinementContext): void {
  const issue = (path: (string | number)[], message: string) =>
    context.addIssue({ code: 'custom', path, message, input: undefined });
  checkReferences(policy, issue);
  checkPolicySafety(policy, issue);
}
