import { readFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { RouterClient } from '../../client/router-client.js';
import { parseDurationMs } from '../../policy/duration.js';
import type { RouteRequest } from '../../policy/types.js';
import { formatResult } from '../format-result.js';
import { loadPolicy, withTemporalOptions } from '../shared-options.js';
import { connectClient, resolveTemporalTarget } from '../temporal-target.js';

/** `switchyard route`: route one request and print the result (or just its workflow id with --no-wait). */
export function registerRouteCommand(program: Command): void {
  withTemporalOptions(
    program
      .command('route')
      .description('route one request through the routing workflow and print the result')
      .argument('[text]', 'the user message (same as --text)')
      .option('--policy <file>', 'policy file (default: SWITCHYARD_POLICY or the running `switchyard dev` policy)')
      .option('--text <text>', 'the user message')
      .option('--input <file>', 'a JSON request ({"messages":[...]} or {"text":...}); - for stdin')
      .option('--route <name>', 'force a route (drills)')
      .option('--request-id <id>', 'idempotency key; becomes part of the workflow id')
      .option('--review-deadline <duration>', 'override the review deadline (e.g. 30s)')
      .option('--wait', 'wait for the result (default)', true)
      .option('--no-wait', 'print the workflow id at once')
      .option('--json', 'print JSON'),
  ).action(async (text, options) => {
    if (text !== undefined && options.text !== undefined) throw new Error('give the message once: as [text] or --text');
    const request = buildRequest({ ...options, ...(text === undefined ? {} : { text }) });
    const policy = loadPolicy(options.policy);
    const target = resolveTemporalTarget(options);
    const client = await connectClient(target);
    try {
      const router = new RouterClient({ client, policy, taskQueue: target.taskQueue });
      const reviewDeadlineMs =
        options.reviewDeadline === undefined ? undefined : parseDurationMs(options.reviewDeadline);
      if (options.reviewDeadline !== undefined && reviewDeadlineMs === undefined) {
        throw new Error(`--review-deadline: invalid duration "${options.reviewDeadline}"`);
      }
      const handle = await router.start(request, reviewDeadlineMs === undefined ? {} : { reviewDeadlineMs });
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
