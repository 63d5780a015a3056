import { type Command, Option } from '@commander-js/extra-typings';
import type { Client } from '@temporalio/client';
import { REVIEWER_KEYS_ENV, reviewerPublicKeysOf } from '../../auth/reviewer-keys.js';
import { gradedWorkflowId } from '../../policy/quality.js';
import { REVIEW_DECISIONS } from '../../policy/types.js';
import { formatPendingList, formatReviewStatus } from '../../review/format-review.js';
import { readRouteStatus } from '../../review/pending.js';
import { listReviewQueue } from '../../review/review-queue.js';
import {
  buildReviewDecision,
  REVIEWER_TOKEN_ENV,
  reviewerCredential,
  signalReviewDecision,
  submitReviewDecision,
} from '../../review/submit.js';
import { loadReviewerTokens, REVIEWER_TOKENS_ENV } from '../../review/tokens.js';
import {
  formatGradeList,
  formatSampledAnswer,
  GRADE_DECISION,
  resolveGrade,
  sampledAnswerOf,
} from '../review-grade.js';
import { serveReviewPage } from '../review-serve.js';
import { loadPolicy, positiveInteger, withTemporalOptions } from '../shared-options.js';
import { connectClient, resolveTemporalTarget, type TemporalFlags } from '../temporal-target.js';

/** `switchyard review list | show | resolve | keys | serve`: the human review queue. */
export function registerReviewCommand(program: Command): void {
  const review = program.command('review').description('the human review queue: list, show, resolve, keys, serve');

  withTemporalOptions(
    review
      .command('list')
      .description('requests waiting for a person (on the task queue), oldest first')
      .option('--json', 'print a JSON array (each item: workflowId, kind, reason, …)'),
  ).action(async (options) => {
    const target = resolveTemporalTarget(options);
    await withClient(options, async (client) => {
      // Requests parked for review, and sampled answers to grade (docs/review.md#grading); --json: items with
      // workflowId, kind and reason (src/review/review-queue.ts).
      const queue = await listReviewQueue(client, { taskQueue: target.taskQueue });
      const reviews = queue.filter((item) => item.kind === 'review');
      const grades = queue.filter((item) => item.kind === 'grade');
      const text = [formatPendingList(reviews), formatGradeList(grades)].filter((part) => part !== '').join('\n\n');
      console.log(options.json ? JSON.stringify(queue) : text);
    });
  });

  withTemporalOptions(
    review
      .command('show')
      .description('everything about one request: messages, classification, privacy, attempts, trail, draft')
      .argument('<workflowId>', 'workflow id (from `review list` or `route --no-wait`)')
      .option('--json', 'print the status as JSON'),
  ).action(async (workflowId, options) => {
    await withClient(options, async (client) => {
      const status = await readRouteStatus(client, gradedWorkflowId(workflowId));
      const grade = await sampledAnswerOf(client, status); // a sampled answer to grade (docs/review.md#grading)
      if (options.json) console.log(JSON.stringify(grade ? { ...status, grade } : status));
      else
        console.log([formatReviewStatus(status, Date.now()), formatSampledAnswer(grade)].filter(Boolean).join('\n\n'));
    });
  });

  withTemporalOptions(
    review
      .command('resolve')
      .description('decide a waiting request (an Update the workflow validates; --signal sends a Signal)')
      .argument('<workflowId>', 'workflow id')
      .addOption(
        new Option('--decision <decision>', 'what to do (grade: score a sampled answer)')
          .choices([...REVIEW_DECISIONS, GRADE_DECISION] as const)
          .makeOptionMandatory(),
      )
      .option('--score <0..1>', 'how good the sampled answer is (with --decision grade)')
      .option(
        '--token <token>',
        `your reviewer token, which signs the decision (default ${REVIEWER_TOKEN_ENV}; prefer the variable: arguments show in ps)`,
      )
      .option(
        '--reviewer <who>',
        "your identity on the policy's allow-list (default: the one your token is configured for)",
      )
      .option('--tokens <file>', `reviewer tokens JSON to find your identity in (default ${REVIEWER_TOKENS_ENV})`)
      .option('--text <text>', 'reply text (with --decision reply-with-text)')
      .option('--model <key>', 'model to reroute to (with --decision reroute-to-model)')
      .option('--note <note>', 'note for the audit trail')
      .option('--signal', 'send a Signal instead (no answer; an invalid decision is recorded and ignored)')
      .option('--json', 'print JSON'),
  ).action(async (workflowId, options) => {
    if (options.text !== undefined && options.decision !== 'reply-with-text')
      throw new Error('--text is only used with --decision reply-with-text');
    if (options.model !== undefined && options.decision !== 'reroute-to-model')
      throw new Error('--model is only used with --decision reroute-to-model');
    if (options.score !== undefined && options.decision !== GRADE_DECISION)
      throw new Error('--score is only used with --decision grade');
    const { reviewer, credential } = reviewerCredential({
      token: options.token,
      reviewer: options.reviewer,
      env: process.env,
      tokens: loadReviewerTokens(process.env, options.tokens),
    });
    if (options.decision === GRADE_DECISION) {
      if (options.signal) throw new Error('--signal: grades are sent as Updates only');
      await withClient(options, async (client) => {
        const ack = await resolveGrade(client, workflowId, {
          reviewer,
          credential,
          score: options.score,
          note: options.note,
        });
        console.log(options.json ? JSON.stringify(ack) : `graded: ${workflowId} ${ack.score} by ${reviewer}`);
      });
      return;
    }
    const decision = buildReviewDecision({ ...options, decision: options.decision, reviewer });
    const by = `${decision.decision} for ${workflowId} by ${decision.reviewer}`;
    await withClient(options, async (client) => {
      if (options.signal) {
        await signalReviewDecision(client, workflowId, decision, credential);
        console.log(
          options.json
            ? JSON.stringify({ signaled: true, workflowId, decision: decision.decision })
            : `signal sent: ${by} (the workflow checks it on arrival; an invalid one is recorded in the trail and ignored)`,
        );
        return;
      }
      const submission = await submitReviewDecision(client, workflowId, decision, credential);
      if (submission.kind === 'refused') throw new Error(`review refused: ${submission.message}`);
      if (submission.kind === 'not-found') throw new Error(submission.message);
      console.log(options.json ? JSON.stringify(submission.ack) : `accepted: ${by}`);
    });
  });

  review
    .command('keys')
    .description(`print reviewers' public keys (identity=hex) for workers' ${REVIEWER_KEYS_ENV}; no token leaves`)
    .option('--tokens <file>', `reviewer tokens JSON (default ${REVIEWER_TOKENS_ENV})`)
    .option('--json', 'print a JSON object (identity → public key)')
    .action((options) => {
      const keys = reviewerPublicKeysOf(loadReviewerTokens(process.env, options.tokens));
      if (Object.keys(keys).length === 0) {
        throw new Error(`no reviewer tokens: pass --tokens <file> or set ${REVIEWER_TOKENS_ENV}`);
      }
      if (options.json) console.log(JSON.stringify(keys));
      else for (const [identity, key] of Object.entries(keys)) console.log(`${identity}=${key}`);
    });

  withTemporalOptions(
    review
      .command('serve')
      .description('run the review web page (loopback) until interrupted')
      .option(
        '--port <n>',
        'port (default 8789 when free, else a free one; 0 picks a free one)',
        positiveInteger('--port'),
      )
      .option('--tokens <file>', 'reviewer tokens JSON ({"tokens": {"<token>": "<reviewer>"}})')
      .option('--policy <file>', 'policy file (default: SWITCHYARD_POLICY or the running `switchyard dev` policy)')
      .option('--json', 'print one JSON ready line'),
  ).action(async (options) => {
    const policy = loadPolicy(options.policy);
    const target = resolveTemporalTarget(options);
    const client = await connectClient(target);
    try {
      await serveReviewPage({
        client,
        policy,
        taskQueue: target.taskQueue,
        port: options.port,
        json: options.json ?? false,
        ...(options.tokens === undefined ? {} : { tokensFile: options.tokens }),
      });
    } finally {
      await client.connection.close();
    }
  });
}

async function withClient(flags: TemporalFlags, run: (client: Client) => Promise<void>): Promise<void> {
  const client = await connectClient(resolveTemporalTarget(flags));
  try {
    await run(client);
  } finally {
    await client.connection.close();
  }
}
