/**
 * Maximal runs of ASCII digits in a text, found in one pass and shared by the number detectors, which
 * look only around these runs instead of running their own regexes over the whole text.
 * The last text's runs are memoised (one entry), so a scan computes them once.
 */
export interface DigitRun {
  /** Offset of the first digit. */
  start: number;
  /** Offset after the last digit. */
  end: number;
}

const DIGITS = /\d+/g;
let lastText: string | undefined;
let lastRuns: readonly DigitRun[] = [];

export function digitRuns(text: string): readonly DigitRun[] {
  if (text === lastText) return lastRuns;
  const runs: DigitRun[] = [];
  // A native regex scan is several times faster than a charCodeAt loop here.
  DIGITS.lastIndex = 0;
  for (let m = DIGITS.exec(text); m !== null; m = DIGITS.exec(text)) {
    runs.push({ start: m.index, end: m.index + m[0].length });
  }
  lastText = text;
  lastRuns = runs;
  return runs;
}

/** Total digits over all runs. */
export function digitCount(runs: readonly DigitRun[]): number {
  let n = 0;
  for (const r of runs) n += r.end - r.start;
  return n;
}
