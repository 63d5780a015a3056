/** One problem in a policy file, located for editors and terminals. */
export interface PolicyIssue {
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** Dotted path of the offending field, e.g. `routes[2].primary`. */
  path: string;
  message: string;
}

/** A policy file that failed to parse or validate; the message lists every issue as file:line:col. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  constructor(readonly issues: PolicyIssue[]) {
    super(issues.map(formatPolicyIssue).join('\n'));
  }
}

export function formatPolicyIssue(issue: PolicyIssue): string {
  const where = issue.path ? `${issue.path}: ` : '';
  return `${issue.file}:${issue.line}:${issue.column}: ${where}${issue.message}`;
}

/** `routes[2].when.intent` from a zod/yaml path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('');
}
