import { Command } from '@commander-js/extra-typings';
import { PolicyError } from '../config/policy-error.js';
import { DevServerError } from '../temporal/dev-server-error.js';
import { registerCommands } from './register-commands.js';

/** Runs the `switchyard` CLI. Errors print as `switchyard: <message>` and exit 1. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command('switchyard')
    .description('Durable, policy-driven model routing on Temporal')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)');
  try {
    // Only the modules of the command being run are loaded (see register-commands.ts).
    await registerCommands(program, argv);
    await program.parseAsync(argv);
  } catch (error) {
    // A Temporal server's refusal keeps its reason in the gRPC cause; loaded only on this error path.
    const { serverReason } = await import('../temporal/service-error.js');
    // Policy and dev-server errors are written for the reader in full (a dev server's last log lines included).
    const message =
      error instanceof PolicyError || error instanceof DevServerError ? error.message : serverReason(error);
    console.error(`switchyard: ${message}`);
    process.exitCode = 1;
  }
}
