import type { Command } from '@commander-js/extra-typings';
import { registerAuditCommand } from './commands/audit.js';
import { registerBenchCommand } from './commands/bench.js';
import { registerCallerKeysCommand } from './commands/caller-keys.js';
import { registerClassifyCommand } from './commands/classify.js';
import { registerCodecServerCommand } from './commands/codec-server.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerDevCommand } from './commands/dev.js';
import { registerEvalCommand } from './commands/eval.js';
import { registerFakeProviderCommand } from './commands/fake-provider.js';
import { registerGatewayCommand } from './commands/gateway.js';
import { registerListCommand } from './commands/list.js';
import { registerPolicyCommand } from './commands/policy.js';
import { registerPrivacyCommand } from './commands/privacy.js';
import { registerReportCommand } from './commands/report.js';
import { registerResultCommand } from './commands/result.js';
import { registerReviewCommand } from './commands/review.js';
import { registerRouteCommand } from './commands/route.js';
import { registerTrainCommand } from './commands/train.js';
import { registerWorkerCommand } from './commands/worker.js';

/** Every `switchyard` command, in help order. */
export function registerCommands(program: Command): void {
  registerDemoCommand(program);
  registerDevCommand(program);
  registerWorkerCommand(program);
  registerRouteCommand(program);
  registerResultCommand(program);
  registerReviewCommand(program);
  registerAuditCommand(program);
  registerListCommand(program);
  registerGatewayCommand(program);
  registerReportCommand(program);
  registerBenchCommand(program);
  registerPolicyCommand(program);
  registerTrainCommand(program);
  registerClassifyCommand(program);
  registerPrivacyCommand(program);
  registerEvalCommand(program);
  registerCodecServerCommand(program);
  registerCallerKeysCommand(program);
  registerFakeProviderCommand(program);
}
