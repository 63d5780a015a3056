import type { Command, OptionValues } from '@commander-js/extra-typings';
import Table from 'cli-table3';
import { evaluatePrivacy, type PrivacyEvalReport } from '../../eval/privacy-eval.js';

/**
 * `switchyard eval privacy --data <path> [--json] [--min-score N]`: per-entity precision/recall/F1 of the
 * privacy scanner on labelled JSONL (Presidio entity names), and how many texts holding a structured
 * identifier were classed public. Added under an existing `eval` command.
 */
export function registerEvalPrivacyCommand<Args extends unknown[], Opts extends OptionValues, G extends OptionValues>(
  evalCommand: Command<Args, Opts, G>,
): void {
  evalCommand
    .command('privacy')
    .description('score the privacy scanner on labelled JSONL ({"text","spans":[{"type","start","end"}]})')
    .requiredOption('--data <path>', 'labelled JSONL file (read in place, never copied)')
    .option('--min-score <n>', 'drop findings scoring below this (0..1; default 0.5)', parseScore)
    .option('--json', 'print the report as JSON')
    .action((options) => {
      const report = evaluatePrivacy(
        options.data,
        options.minScore === undefined ? {} : { minScore: options.minScore },
      );
      console.log(options.json ? JSON.stringify(report) : formatPrivacyReport(report));
    });
}

function parseScore(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new Error(`--min-score must be a number from 0 to 1, got "${value}"`);
  return n;
}

const pct = (x: number | null): string => (x === null ? '–' : x.toFixed(3));

/** The report as a table plus summary lines (plain text). */
export function formatPrivacyReport(report: PrivacyEvalReport): string {
  const table = new Table({
    head: ['entity', 'gold labels', 'gold', 'found', 'predicted', 'correct', 'exact', 'precision', 'recall', 'F1'],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const e of report.entities) {
    table.push([
      e.type,
      e.goldTypes.length === 0 ? '–' : e.gold === null ? `${e.goldTypes.join(',')} (superset)` : e.goldTypes.join(','),
      e.gold ?? '–',
      e.goldFound ?? '–',
      e.predicted,
      e.truePositives,
      e.exact,
      pct(e.precision),
      pct(e.recall),
      pct(e.f1),
    ]);
  }
  const s = report.structured;
  const unmapped = Object.entries(report.unmapped)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `privacy eval: ${report.source} — ${report.texts} texts, ${report.goldSpans} gold spans`,
    table.toString(),
    `structured identifiers (${s.types.join(', ')}): precision ${pct(s.precision)}, recall ${pct(s.recall)}, F1 ${pct(s.f1)}`,
    `texts holding one classed public: ${s.classedPublic} of ${s.textsWithStructured} (${pct(s.classedPublicRate)})`,
    `data classes: public ${report.dataClasses.public}, internal ${report.dataClasses.internal}, restricted ${report.dataClasses.restricted}`,
    `unmapped gold labels (not scored): ${unmapped || 'none'}`,
    `match rule: ${report.matchRule}`,
    `mean scan time: ${report.meanScanMs.toFixed(3)} ms per text`,
    ...(/presidio/i.test(report.source)
      ? ['data: microsoft/presidio-research generated PII texts, MIT licence (© Microsoft Corporation)']
      : []),
  ].join('\n');
}
