import type { Command } from '@commander-js/extra-typings';
import { loadPolicyFile } from '../../config/load-policy.js';
import { diffPolicies } from '../../policy-diff/diff-policies.js';
import { formatPolicyDiff } from '../../policy-diff/format-diff.js';

/** `switchyard policy diff A B`: route-level differences between two policy files (attach under `policy`). */
export function registerPolicyDiffCommand(policyCommand: Command): void {
  policyCommand
    .command('diff')
    .description('show route-level differences between two policy files (routes, models, providers, privacy, review)')
    .argument('<from>', 'the current policy file')
    .argument('<to>', 'the proposed policy file')
    .option('--json', 'print JSON')
    .action((from, to, options) => {
      const diff = diffPolicies(loadPolicyFile(from), loadPolicyFile(to));
      console.log(options.json ? JSON.stringify(diff) : formatPolicyDiff(diff));
    });
}
