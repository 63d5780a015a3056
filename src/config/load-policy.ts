import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isMap, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type Policy, PolicySchema } from '../policy/schema.js';
import { canonicalJson } from '../policy/signatures.js';
import { formatPath, PolicyError, type PolicyIssue } from './policy-error.js';

/** A validated policy plus what identifies it. Frozen: it flows into workflows as input. */
export interface LoadedPolicy {
  policy: Policy;
  /** sha256 of the canonical JSON of the parsed policy (comments and key order do not change it). */
  hash: string;
  /** Absolute path of the file it came from. */
  file: string;
  /** Non-fatal remarks (e.g. no catch-all route). */
  warnings: string[];
}

/** Reads, parses and validates a policy file. Throws PolicyError with file:line:col for every problem. */
export function loadPolicyFile(path: string): LoadedPolicy {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PolicyError([
      { file: path, line: 1, column: 1, path: '', message: `cannot read policy: ${String((error as Error).message)}` },
    ]);
  }
  return parsePolicyText(text, file, path);
}

/** Parses policy YAML (or JSON) text. `displayName` is used in error locations. */
export function parsePolicyText(text: string, file: string, displayName = file): LoadedPolicy {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    const position = lineCounter.linePos(offset ?? 0);
    return { line: position.line, column: position.col };
  };
  if (document.errors.length > 0) {
    throw new PolicyError(
      document.errors.map((error) => ({
        file: displayName,
        ...at(error.pos[0]),
        path: '',
        message: `YAML: ${error.message.split('\n')[0]}`,
      })),
    );
  }
  const parsed = PolicySchema.safeParse(document.toJS());
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => locateIssue(issue, document, displayName, at));
    issues.sort((a, b) => a.line - b.line || a.column - b.column);
    throw new PolicyError(issues);
  }
  const policy = resolvePaths(parsed.data, dirname(file));
  return { policy: deepFreeze(policy), hash: policyHash(policy), file, warnings: policyWarnings(policy) };
}

/** sha256 over the canonical JSON of a parsed policy. */
export function policyHash(policy: Policy): string {
  return createHash('sha256').update(canonicalJson(policy)).digest('hex');
}

function locateIssue(
  issue: z.core.$ZodIssue,
  document: ReturnType<typeof parseDocument>,
  file: string,
  at: (offset: number | undefined) => { line: number; column: number },
): PolicyIssue {
  const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
  // Walk down as far as the document goes; a missing field is reported at its parent.
  let node: Node | null = document.contents as Node | null;
  let depth = 0;
  for (const part of path) {
    const child = (node as { get?: (key: unknown, keepScalar: boolean) => unknown } | null)?.get?.(part, true);
    if (!child || typeof child !== 'object') break;
    node = child as Node;
    depth += 1;
  }
  let offset = node?.range?.[0];
  let message = issue.message;
  if (issue.code === 'unrecognized_keys' && isMap(node)) {
    const key = node.items.find((pair) => isScalar(pair.key) && issue.keys.includes(String(pair.key.value)));
    if (key && isScalar(key.key)) offset = key.key.range?.[0];
    message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  } else if (depth < path.length) {
    message = `${message} (field "${formatPath(path.slice(depth))}" is missing or invalid)`;
  }
  return { file, ...at(offset), path: formatPath(path), message };
}

/** Makes the classifier's file references absolute (relative to the policy file). */
function resolvePaths(policy: Policy, baseDir: string): Policy {
  const absolute = (path: string | undefined) =>
    path === undefined || isAbsolute(path) ? path : resolve(baseDir, path);
  const { model, trainingData, router } = policy.classifier;
  if (!model && !trainingData && !router) return policy;
  const classifier = { ...policy.classifier };
  if (model) classifier.model = absolute(model);
  if (trainingData) classifier.trainingData = absolute(trainingData);
  if (router) classifier.router = absolute(router);
  return { ...policy, classifier };
}

function policyWarnings(policy: Policy): string[] {
  const warnings: string[] = [];
  if (!policy.routes.some((route) => !route.when)) {
    warnings.push('no catch-all route (a route without `when`): requests that match no route are rejected');
  }
  if (policy.review.reviewers.length === 0) warnings.push('review.reviewers is empty: reviews can only time out');
  for (const route of policy.routes.filter((route) => route.stage === 'deprecated')) {
    const owner = route.owner ? ` (owner ${route.owner})` : '';
    warnings.push(
      `route "${route.name}" is deprecated${owner}: \`switchyard report\` shows the traffic it still takes`,
    );
  }
  return warnings;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value as Record<string, unknown>)) deepFreeze(item);
  }
  return value;
}
