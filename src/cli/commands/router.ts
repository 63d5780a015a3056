import type { Command } from '@commander-js/extra-typings';
import { readRouterModel, writeRouterModel } from '../../router/model-json.js';
import { readOutcomeLines, readPromptLines } from '../../router/outcome-lines.js';
import { qualityCurve } from '../../router/quality-curve.js';
import { DEFAULT_ROUTER_OPTIONS, StrongGainScorer, trainStrongGain } from '../../router/strong-gain-model.js';
import { registerRouterCalibrateCommand } from './router-calibrate.js';
import { registerRouterMineCommand } from './router-mine.js';

/**
 * `switchyard router train|score|eval|calibrate`: the strong-gain router (docs/router.md). Train on correctness labels
 * (`{"prompt"|"messages","weak_correct","strong_correct"}` lines), score prompts (`{"strongGain"}` per line,
 * higher = the strong model is more needed), and print the quality / strong-share curve on labelled lines.
 */
export function registerRouterCommand(program: Command): void {
  const router = program.command('router').description('the strong-gain router: train, score, evaluate, mine');
  router
    .command('train')
    .description('train on {"prompt"|"messages","weak_correct","strong_correct"} JSONL lines (deterministic)')
    .requiredOption('--input <file>', 'labelled outcomes, JSONL')
    .requiredOption('--out <file>', 'where to write router.json')
    .option('--seed <n>', 'training seed (default 42)', (value) => parseInteger(value, '--seed'))
    .action((options) => {
      const examples = readOutcomeLines(options.input);
      const started = performance.now();
      const linear = {
        ...DEFAULT_ROUTER_OPTIONS.linear,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
      };
      const model = trainStrongGain(examples, { ...DEFAULT_ROUTER_OPTIONS, linear });
      writeRouterModel(options.out, model);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stderr.write(
        `router: trained on ${examples.length} lines in ${seconds} s (${model.buckets.length} feature rows) → ${options.out}\n`,
      );
    });
  router
    .command('score')
    .description('print {"strongGain": n} per prompt line ({"prompt"} or {"messages"})')
    .requiredOption('--model <file>', 'router.json from `router train`')
    .requiredOption('--input <file>', 'prompts, JSONL')
    .action((options) => {
      const scorer = new StrongGainScorer(readRouterModel(options.model));
      const out: string[] = [];
      for (const text of readPromptLines(options.input))
        out.push(JSON.stringify({ strongGain: round(scorer.strongGain(text)) }));
      process.stdout.write(out.length === 0 ? '' : `${out.join('\n')}\n`);
    });
  router
    .command('eval')
    .description('the quality / strong-share curve on labelled lines: APGR, CPT(50 %), CPT(80 %), oracle')
    .requiredOption('--model <file>', 'router.json')
    .requiredOption('--input <file>', 'labelled outcomes, JSONL (held out from training)')
    .option('--json', 'print JSON')
    .action((options) => {
      const scorer = new StrongGainScorer(readRouterModel(options.model));
      const scored = readOutcomeLines(options.input).map((example) => ({
        score: scorer.strongGain(example.text),
        weakCorrect: example.weakCorrect,
        strongCorrect: example.strongCorrect,
      }));
      const curve = qualityCurve(scored);
      if (options.json) {
        console.log(JSON.stringify({ ...curve, points: sample(curve.points, 21) }));
        return;
      }
      console.log(
        `items ${scored.length}: weak-only ${pct(curve.weakOnly)}, strong-only ${pct(curve.strongOnly)}, oracle ${pct(curve.oracle)}\n` +
          `APGR ${curve.apgr.toFixed(3)} (random 0.5); CPT(50%) ${pct(curve.cpt50)}, CPT(80%) ${pct(curve.cpt80)}; ` +
          `95 % of strong-only quality at ${pct(curve.strongShareAt95)} strong calls`,
      );
      console.log('strong share  quality  PGR');
      for (const point of sample(curve.points, 11))
        console.log(
          `${pct(point.strongShare).padStart(12)}  ${pct(point.quality).padStart(7)}  ${point.pgr.toFixed(3)}`,
        );
    });
  registerRouterMineCommand(router);
  registerRouterCalibrateCommand(router);
}

function parseInteger(value: string, flag: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new Error(`${flag}: expected an integer, got "${value}"`);
  return parsed;
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

/** `count` points at evenly spaced strong shares (0 %, 10 %, … 100 % for 11). */
function sample<T extends { strongShare: number }>(points: readonly T[], count: number): T[] {
  const last = points.length - 1;
  return Array.from({ length: count }, (_, index) => points[Math.round((index / (count - 1)) * last)]!);
}
