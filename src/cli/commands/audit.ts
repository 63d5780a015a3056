import { writeFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { auditWorkflow, exportWorkflowHistory } from '../../audit/audit-workflow.js';
import { formatAudit } from '../../audit/format-audit.js';
import { formatReplayReport } from '../../audit/format-replay.js';
import { verifyReplay } from '../../audit/verify-replay.js';
import { dataConverterFromEnv } from '../../codec/data-converter.js';
import { createLogger } from '../../logging.js';
import { installRuntime } from '../../temporal/runtime.js';
import { prebuiltWorkflowBundle } from '../../worker/workflow-bundle.js';
import { withTemporalOptions } from '../shared-options.js';
import { connectClient, resolveTemporalTarget } from '../temporal-target.js';

/**
 * `switchyard audit ID` (decision trail from history), `audit export ID` (history JSON) and `audit verify`
 * (replay histories against today's workflow code). Payloads are decoded with SWITCHYARD_CODEC_KEYS.
 */
export function registerAuditCommand(program: Command): void {
  const audit = program
    .command('audit')
    .description('decision trail of a request from its history; export histories; replay-check workflow code');
  withTemporalOptions(
    audit
      .command('show <workflowId>', { isDefault: true })
      .description('rebuild the decision trail of a request from its workflow history (default subcommand)')
      .option('--json', 'print JSON')
      .option('--show-text', 'include request and answer text (hidden by default)'),
  ).action(async (workflowId, options) => {
    const dataConverter = dataConverterFromEnv();
    const client = await connectClient(resolveTemporalTarget(options), dataConverter);
    try {
      const report = await auditWorkflow(client, workflowId, {
        showText: options.showText ?? false,
        ...(dataConverter ? { dataConverter } : {}),
      });
      console.log(options.json ? JSON.stringify(report) : formatAudit(report));
    } finally {
      await client.connection.close();
    }
  });
  withTemporalOptions(
    audit
      .command('export <workflowId>')
      .description('write the workflow history as JSON (as `temporal workflow show -o json` does), e.g. for fixtures')
      .option('--out <file>', 'write to a file instead of stdout'),
  ).action(async (workflowId, options) => {
    const client = await connectClient(resolveTemporalTarget(options));
    try {
      const json = await exportWorkflowHistory(client, workflowId);
      if (options.out) writeFileSync(options.out, `${json}\n`);
      else console.log(json);
    } finally {
      await client.connection.close();
    }
  });
  withTemporalOptions(
    audit
      .command('verify')
      .description('replay routing workflow histories against the current workflow code; exit 1 on nondeterminism')
      .option(
        '--query <query>',
        "visibility query selecting the histories (default: WorkflowType = 'routeRequestWorkflow')",
      )
      .option('--bundle <file>', 'workflow bundle to replay against (default: the bundle of this checkout)')
      .option('--json', 'print JSON'),
  ).action(async (options) => {
    installRuntime(createLogger('error'));
    const dataConverter = dataConverterFromEnv();
    const client = await connectClient(resolveTemporalTarget(options), dataConverter);
    try {
      const report = await verifyReplay(client, {
        workflowBundlePath: options.bundle ?? (await prebuiltWorkflowBundle()),
        ...(options.query ? { query: options.query } : {}),
        ...(dataConverter ? { dataConverter } : {}),
      });
      console.log(options.json ? JSON.stringify(report) : formatReplayReport(report));
      if (report.failures > 0) process.exitCode = 1;
    } finally {
      await client.connection.close();
    }
  });
}
