import type { Command } from '@commander-js/extra-typings';
import { z } from 'zod';
import { loadPolicyFile } from '../../config/load-policy.js';
import { PolicyError } from '../../config/policy-error.js';
import { PolicySchema } from '../../policy/schema.js';
import { registerPolicyDiffCommand } from './policy-diff.js';
import { registerPolicyReplayCommand } from './policy-replay.js';

/** `switchyard policy check|schema`: validate a policy with file:line:col errors; print the JSON Schema. */
export function registerPolicyCommand(program: Command): Command {
  const policy = program.command('policy').description('validate, describe and compare policy files');
  policy
    .command('check')
    .description('validate a policy file (errors as file:line:col)')
    .argument('<file>', 'policy YAML file')
    .option('--json', 'print JSON')
    .action((file, options) => {
      try {
        const loaded = loadPolicyFile(file);
        const summary = {
          ok: true,
          file,
          version: loaded.policy.version,
          hash: loaded.hash,
          routes: loaded.policy.routes.map((route) => route.name),
          models: Object.keys(loaded.policy.models),
          providers: Object.keys(loaded.policy.providers),
          warnings: loaded.warnings,
        };
        if (options.json) {
          console.log(JSON.stringify(summary));
          return;
        }
        console.log(
          `ok: ${file} — version ${summary.version} (${summary.hash.slice(0, 12)}), ${summary.routes.length} routes, ` +
            `${summary.models.length} models, ${summary.providers.length} providers`,
        );
        for (const warning of loaded.warnings) console.log(`warning: ${warning}`);
      } catch (error) {
        if (options.json && error instanceof PolicyError) {
          console.log(JSON.stringify({ ok: false, file, issues: error.issues }));
          process.exitCode = 1;
          return;
        }
        throw error;
      }
    });
  policy
    .command('schema')
    .description('print the policy JSON Schema (for editors: # yaml-language-server: $schema=...)')
    .action(() => {
      console.log(JSON.stringify(policyJsonSchema(), null, 2));
    });
  registerPolicyDiffCommand(policy);
  registerPolicyReplayCommand(policy);
  return policy;
}

/** JSON Schema (draft 2020-12) of what a policy file may contain. */
export function policyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(PolicySchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }),
    $id: 'https://switchyard.dev/schema/policy.schema.json',
    title: 'Switchyard routing policy',
  };
}
