import type { Command, OptionValues } from '@commander-js/extra-typings';
import Table from 'cli-table3';
import { evaluateIntents, INTENT_DATASETS, type IntentsEvalReport } from '../../eval/intents-eval.js';

/**
 * `switchyard eval intents --data <dir> [--only a,b] [--json]`: trains the local classifier with its
 * default options on each public intent set found in `<dir>` and scores it on the set's validation split
 * (or a stratified 20 % slice held back from its training file). Added under an existing `eval` command.
 */
export function registerEvalIntentsCommand<Args extends unknown[], Opts extends OptionValues, G extends OptionValues>(
  evalCommand: Command<Args, Opts, G>,
): void {
  evalCommand
    .command('intents')
    .description('score the local intent classifier on public intent sets (BANKING77, CLINC150, HINT3, …)')
    .requiredOption('--data <dir>', 'directory holding the *.jsonl intent sets (read in place, never copied)')
    .option('--only <names>', `comma-separated sets (${INTENT_DATASETS.map((d) => d.name).join(', ')})`, parseNames)
    .option('--json', 'print the report as JSON')
    .action((options) => {
      const progress = (line: string) => process.stderr.write(`eval intents: ${line}\n`);
      const sets = INTENT_DATASETS.filter((d) => !options.only || options.only.includes(d.name)).map((d) => d.name);
      progress(
        `training and scoring one classifier per set found in ${options.data} (${sets.join(', ')}); a minute or more per large set…`,
      );
      const report = evaluateIntents(options.data, {
        ...(options.only ? { only: options.only } : {}),
        onResult: (r) =>
          progress(
            `${r.dataset} done: ${r.trainExamples} train / ${r.items} test, train ${r.trainSeconds.toFixed(1)} s`,
          ),
      });
      if (report.results.length === 0) {
        throw new Error(`no intent sets found in ${options.data} (expected e.g. ${INTENT_DATASETS[0]!.train})`);
      }
      console.log(options.json ? JSON.stringify(report) : formatIntentsReport(report));
    });
}

function parseNames(value: string): string[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const known = new Set(INTENT_DATASETS.map((d) => d.name));
  const bad = names.filter((n) => !known.has(n));
  if (bad.length > 0) throw new Error(`--only: unknown set ${bad.join(', ')} (known: ${[...known].join(', ')})`);
  return names;
}

const f3 = (x: number | null): string => (x === null ? '–' : x.toFixed(3));

/** The report as a table plus notes (plain text). */
export function formatIntentsReport(report: IntentsEvalReport): string {
  const table = new Table({
    head: [
      'dataset',
      'train',
      'test',
      'labels',
      'in-scope acc',
      'acc (no unk)',
      'oos recall',
      'macro-F1',
      'threshold',
      'train s',
      'model MB',
    ],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const r of report.results) {
    table.push([
      r.dataset,
      r.trainExamples,
      r.items,
      r.labels,
      f3(r.inScopeAccuracy),
      f3(r.inScopeAccuracyNoThreshold),
      f3(r.oosRecall),
      f3(r.macroF1),
      f3(r.unknownThreshold),
      r.trainSeconds.toFixed(1),
      (r.modelBytes / 1e6).toFixed(2),
    ]);
  }
  return [
    `intent classifier eval: ${report.dataDir}`,
    table.toString(),
    ...report.results.map((r) => `  ${r.dataset}: test = ${r.testSplit}; temperature ${r.temperature.toFixed(3)}`),
    'in-scope acc counts `unknown`/`oos` on an in-scope item as wrong; oos recall = out-of-scope items labelled `oos` or `unknown`;',
    'threshold = the unknown threshold learned on out-of-fold training predictions (rule: accuracy-drop).',
    ...(report.skipped.length > 0 ? [`not found (skipped): ${report.skipped.join(', ')}`] : []),
    'data: BANKING77 (PolyAI, CC BY 4.0), CLINC150 (Larson et al., CC BY 3.0), BANKING77-OOS (Zhang et al.), HINT3 (ODbL 1.0)',
  ].join('\n');
}
