import { readFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import type { RouteRequest } from '../../policy/types.js';
import { resolvePolicyPath, withTemporalOptions } from '../shared-options.js';
import { CALLER_CREDENTIAL_ENV } from './caller-keys.js';

/** `switchyard route`: route one request and print the result (or just its workflow id with --no-wait). */
export function registerRouteCommand(program: Command): void {
  withTemporalOptions(
    program
      .command('route')
      .description('route one request through the routing workflow and print the result')
      .argument('[text]', 'the user message (same as --text)')
      .option(
        '--policy <file>',
        "route under this file's policy version, checked by hash: the worker must hold exactly this policy (the file itself is never sent)",
      )
      .option(
        '--policy-version <version>',
        "route under this version of the worker's policies (default: the worker's default)",
      )
      .option(
        '--caller <name>',
        "caller name for the policy's access grants; its credential comes from SWITCHYARD_CALLER_CREDENTIAL",
      )
      .option('--text <text>', 'the user message')
      .option('--input <file>', 'a JSON request ({"messages":[...]} or {"text":...}); - for stdin')
      .option('--route <name>', 'force a route (drills)')
      .option('--request-id <id>', 'idempotency key; becomes part of the workflow id')
      .option('--review-deadline <duration>', 'override the review deadline (e.g. 30s)')
      .option('--wait', 'wait for the result (default)', true)
      .option('--no-wait', 'print the workflow id at once')
      .option('--json', 'print JSON'),
  ).action(async (text, options) => {
    // Loaded here, not at the top: `route --help` and the other commands never need the Temporal client.
    const [{ RouterClient }, { loadPolicyFile }, { parseDurationMs }, { formatResult }, targets] = await Promise.all([
      import('../../client/router-client.js'),
      import('../../config/load-policy.js'),
      import('../../policy/duration.js'),
      import('../format-result.js'),
      import('../temporal-target.js'),
    ]);
    const { connectClient, resolveTemporalTarget } = targets;
    if (text !== undefined && options.text !== undefined) throw new Error('give the message once: as [text] or --text');
    const request = buildRequest({ ...options, ...(text === undefined ? {} : { text }) });
    if (options.policy !== undefined && options.policyVersion !== undefined)
      throw new Error('give at most one of --policy and --policy-version');
    const caller = callerOption(options.caller);
    const policy = options.policy === undefined ? undefined : loadPolicyFile(resolvePolicyPath(options.policy));
    const target = resolveTemporalTarget(options);
    const client = await connectClient(target);
    try {
      const router = new RouterClient({
        client,
        taskQueue: target.taskQueue,
        ...(policy ? { policy } : {}),
        ...(options.policyVersion === undefined ? {} : { policyVersion: options.policyVersion }),
      });
      const reviewDeadlineMs =
        options.reviewDeadline === undefined ? undefined : parseDurationMs(options.reviewDeadline);
      if (options.reviewDeadline !== undefined && reviewDeadlineMs === undefined) {
        throw new Error(`--review-deadline: invalid duration "${options.reviewDeadline}"`);
      }
      const handle = await router.start(request, {
        ...(reviewDeadlineMs === undefined ? {} : { reviewDeadlineMs }),
        ...(caller ? { caller } : {}),
      });
      if (!options.wait) {
        console.log(options.json ? JSON.stringify({ workflowId: handle.workflowId }) : handle.workflowId);
        return;
      }
      const result = await handle.result();
      console.log(options.json ? JSON.stringify(result) : formatResult(result));
    } finally {
      await client.connection.close();
    }
  });
}

function buildRequest(options: { text?: string; input?: string; route?: string; requestId?: string }): RouteRequest {
  if ((options.text === undefined) === (options.input === undefined))
    throw new Error('give exactly one of --text (or the message as an argument) or --input');
  let request: RouteRequest;
  if (options.text !== undefined) {
    request = { messages: [{ role: 'user', content: options.text }] };
  } else {
    const file = options.input!;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'));
    } catch (error) {
      throw new Error(`--input ${file}: ${(error as Error).message}`);
    }
    const object = raw as { text?: unknown } & Partial<RouteRequest>;
    if (typeof object?.text === 'string' && !object.messages) {
      const { text, ...rest } = object;
      request = { ...rest, messages: [{ role: 'user', content: text }] } as RouteRequest;
    } else request = object as RouteRequest;
  }
  if (options.route) request = { ...request, route: options.route };
  if (options.requestId) request = { ...request, requestId: options.requestId };
  return request;
}

/** `--caller NAME` with its credential from SWITCHYARD_CALLER_CREDENTIAL (never a flag: flags show in `ps`). */
function callerOption(name: string | undefined): { name: string; credential: string } | undefined {
  if (name === undefined) return undefined;
  const credential = process.env[CALLER_CREDENTIAL_ENV];
  if (!credential) throw new Error("--caller needs the caller's credential in SWITCHYARD_CALLER_CREDENTIAL");
  return { name, credential };
}
