import type { Command } from '@commander-js/extra-typings';
import { registerEvalIntentsCommand } from './eval-intents.js';
import { registerEvalPrivacyCommand } from './eval-privacy.js';

/** `switchyard eval intents|privacy`: score the classifier and the privacy scan on labelled public data. */
export function registerEvalCommand(program: Command): void {
  const evaluate = program.command('eval').description('measure the classifier and the privacy scan on labelled data');
  registerEvalIntentsCommand(evaluate);
  registerEvalPrivacyCommand(evaluate);
}
