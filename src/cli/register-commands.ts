import type { Command } from '@commander-js/extra-typings';

/** A module that registers one top-level command (or a group), and the names it registers. */
interface CommandModule {
  names: readonly string[];
  register: (program: Command) => Promise<void>;
}

/**
 * Every `switchyard` command, in help order. Each module is imported only when its command runs: loading
 * them all pulls in the Temporal worker, both provider SDKs and the classifier (about a second on two
 * cores), which `--version` or `route --help` never need.
 */
export const COMMAND_MODULES: readonly CommandModule[] = [
  {
    names: ['demo'],
    register: async (program) => void (await import('./commands/demo.js')).registerDemoCommand(program),
  },
  { names: ['dev'], register: async (program) => void (await import('./commands/dev.js')).registerDevCommand(program) },
  {
    names: ['setup'],
    register: async (program) => void (await import('./commands/setup.js')).registerSetupCommand(program),
  },
  {
    names: ['worker'],
    register: async (program) => void (await import('./commands/worker.js')).registerWorkerCommand(program),
  },
  {
    names: ['route'],
    register: async (program) => void (await import('./commands/route.js')).registerRouteCommand(program),
  },
  {
    names: ['result'],
    register: async (program) => void (await import('./commands/result.js')).registerResultCommand(program),
  },
  {
    names: ['review'],
    register: async (program) => void (await import('./commands/review.js')).registerReviewCommand(program),
  },
  {
    names: ['audit'],
    register: async (program) => void (await import('./commands/audit.js')).registerAuditCommand(program),
  },
  {
    names: ['feedback'],
    register: async (program) => void (await import('./commands/feedback.js')).registerFeedbackCommand(program),
  },
  {
    names: ['list'],
    register: async (program) => void (await import('./commands/list.js')).registerListCommand(program),
  },
  {
    names: ['gateway'],
    register: async (program) => void (await import('./commands/gateway.js')).registerGatewayCommand(program),
  },
  {
    names: ['circuit'],
    register: async (program) => void (await import('./commands/circuit.js')).registerCircuitCommand(program),
  },
  {
    names: ['canary'],
    register: async (program) => void (await import('./commands/canary.js')).registerCanaryCommand(program),
  },
  {
    names: ['report'],
    register: async (program) => void (await import('./commands/report.js')).registerReportCommand(program),
  },
  {
    names: ['budget'],
    register: async (program) => void (await import('./commands/budget.js')).registerBudgetCommand(program),
  },
  {
    names: ['quota'],
    register: async (program) => void (await import('./commands/budget.js')).registerQuotaCommand(program),
  },
  {
    names: ['bench'],
    register: async (program) => void (await import('./commands/bench.js')).registerBenchCommand(program),
  },
  {
    names: ['policy'],
    register: async (program) => void (await import('./commands/policy.js')).registerPolicyCommand(program),
  },
  {
    names: ['router'],
    register: async (program) => void (await import('./commands/router.js')).registerRouterCommand(program),
  },
  {
    names: ['train'],
    register: async (program) => void (await import('./commands/train.js')).registerTrainCommand(program),
  },
  {
    names: ['classify'],
    register: async (program) => void (await import('./commands/classify.js')).registerClassifyCommand(program),
  },
  {
    names: ['privacy'],
    register: async (program) => void (await import('./commands/privacy.js')).registerPrivacyCommand(program),
  },
  {
    names: ['eval'],
    register: async (program) => void (await import('./commands/eval.js')).registerEvalCommand(program),
  },
  {
    names: ['codec-server', 'codec'],
    register: async (program) => void (await import('./commands/codec-server.js')).registerCodecServerCommand(program),
  },
  {
    names: ['caller-keys'],
    register: async (program) => void (await import('./commands/caller-keys.js')).registerCallerKeysCommand(program),
  },
  {
    names: ['fake-provider'],
    register: async (program) =>
      void (await import('./commands/fake-provider.js')).registerFakeProviderCommand(program),
  },
];

/**
 * Registers the commands `argv` needs: none for `--version`, only the named command's module for
 * `switchyard <command> …`, and every module for top-level help, `help <command>` or an unknown name (so
 * commander lists them all and suggests close matches), exactly as before.
 */
export async function registerCommands(program: Command, argv: readonly string[] = process.argv): Promise<void> {
  for (const module of commandModulesFor(argv.slice(2))) await module.register(program);
}

/** The command modules a command line (without `node` and the script) needs, in help order. */
export function commandModulesFor(args: readonly string[]): readonly CommandModule[] {
  const first = args[0];
  if (first === '-V' || first === '--version') return [];
  const named = first === undefined ? undefined : COMMAND_MODULES.find((module) => module.names.includes(first));
  return named ? [named] : COMMAND_MODULES;
}
