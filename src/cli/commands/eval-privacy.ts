import type { Command, OptionValues } from '@commander-js/extra-typings';
import Table from 'cli-table3';
import { evaluatePrivacy, type PrivacyEvalReport } from '../../eval/privacy-eval.js';
import { type AttackReport, evaluateAttack } from '../../eval/privacy-eval-attack.js';
import { evaluateFalsePositives, type FalsePositiveReport } from '../../eval/privacy-eval-false-positives.js';

/**
 * `switchyard eval privacy [--data <path>] [--attack [--seed N] [--per-format N]] [--false-positives <path>]
 * [--json] [--min-score N]`: per-entity precision/recall/F1 of the privacy scanner on labelled JSONL
 * (Presidio entity names); the seeded attacker's generator (cards, IBANs, SSNs in every format and
 * placement: prompts, classed restricted, leak rate); and false positives on identifier-free texts
 * (a JSONL file or a directory of them, read in place). Added under an existing `eval` command.
 */
export function registerEvalPrivacyCommand<Args extends unknown[], Opts extends OptionValues, G extends OptionValues>(
  evalCommand: Command<Args, Opts, G>,
): void {
  evalCommand
    .command('privacy')
    .description('score the privacy gate: labelled JSONL, a seeded attacker generator, false positives on clean text')
    .option('--data <path>', 'labelled JSONL file ({"text","spans":[{"type","start","end"}]}; read in place)')
    .option('--attack', 'run the seeded generator of restricted identifiers in every format and placement')
    .option('--seed <n>', 'generator seed (default 20261206)', parseCount)
    .option('--per-format <n>', 'prompts per card brand and SSN (IBANs: n/8 per country; default 200)', parseCount)
    .option('--false-positives <path>', 'identifier-free {"text"} JSONL file or directory (e.g. intent data)')
    .option('--min-score <n>', 'drop findings scoring below this (0..1; default 0.5)', parseScore)
    .option('--json', 'print the report as JSON')
    .action((options) => {
      if (!options.data && !options.attack && !options.falsePositives) {
        throw new Error('give --data <path>, --attack or --false-positives <path>');
      }
      const progress = (line: string) => process.stderr.write(`eval privacy: ${line}\n`);
      const step = <T>(label: string, run: () => T): T => {
        progress(`${label}…`);
        const started = performance.now();
        const result = run();
        progress(`${label}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        return result;
      };
      const presidio = options.data
        ? step(`scanning ${options.data}`, () =>
            evaluatePrivacy(options.data!, options.minScore === undefined ? {} : { minScore: options.minScore }),
          )
        : undefined;
      const attack = options.attack
        ? step('generating and scanning restricted identifiers (--attack)', () =>
            evaluateAttack(options.seed, options.perFormat),
          )
        : undefined;
      const falsePositives = options.falsePositives
        ? step(`scanning identifier-free text in ${options.falsePositives}`, () =>
            evaluateFalsePositives(options.falsePositives!),
          )
        : undefined;
      if (options.json) {
        // One document; a bare `--data` run keeps its original shape.
        const document = attack || falsePositives ? { presidio, attack, falsePositives } : presidio;
        console.log(JSON.stringify(document));
        return;
      }
      const parts: string[] = [];
      if (presidio) parts.push(formatPrivacyReport(presidio));
      if (attack) parts.push(formatAttackReport(attack));
      if (falsePositives) parts.push(formatFalsePositiveReport(falsePositives));
      console.log(parts.join('\n\n'));
    });
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected a positive integer, got "${value}"`);
  return n;
}

const rate = (x: number): string => `${(x * 100).toFixed(2)} %`;

/** The attacker generator's figures as two tables (per format, per variant) plus a summary line. */
export function formatAttackReport(report: AttackReport): string {
  const table = (rows: AttackReport['byFormat'], head: string) => {
    const t = new Table({
      head: [head, 'prompts', 'classed restricted', 'leak rate', 'redaction leaks'],
      style: { head: [], border: [] },
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    });
    for (const r of rows) t.push([r.name, r.prompts, r.restricted, rate(r.leakRate), r.redactionLeaks]);
    return t.toString();
  };
  return [
    `attack generator (seed ${report.seed}): ${report.prompts} prompts, ${report.restricted} classed restricted, ` +
      `leak rate ${rate(report.leakRate)}, redaction leaks ${report.redactionLeaks}`,
    table(report.byFormat, 'format (IBAN countries listed only when one leaked)'),
    table(report.byVariant, 'written as / placed in'),
  ].join('\n');
}

/** False positives on identifier-free texts, one summary block. */
export function formatFalsePositiveReport(report: FalsePositiveReport): string {
  const types = Object.entries(report.byType)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `false positives on identifier-free texts: ${report.source} — ${report.texts} distinct texts`,
    `classed restricted: ${report.restricted} (${rate(report.restrictedRate)}); ` +
      `classed internal or restricted: ${report.nonPublic} (${rate(report.nonPublicRate)})`,
    `texts by finding type: ${types || 'none'}`,
  ].join('\n');
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
