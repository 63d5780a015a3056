import { type DigitRun, digitRuns } from './digit-runs.js';

/**
 * Digit runs joined into the identifiers people type: groups split by spaces, dots, slashes, hyphens or
 * line breaks (up to 5 such characters, at most 2 of them dots, dashes or slashes), as in `4111 1111 1111 1111`, `4111.1111.1111.1111`,
 * `123 / 45 / 6789` or a number wrapped over two lines or messages. The text is already normalised
 * (normalize.ts), so no-break and thin spaces and dash variants arrive here as ' ' and '-'.
 * Shared by the card and SSN detectors, which test sub-chains against their own rules.
 */
export interface DigitChain {
  /** The runs, in order (at least one). */
  runs: DigitRun[];
  /** Whether a letter or digit-like word character touches the chain's first run on the left. */
  gluedLeft: boolean;
  /** Whether a word character touches the chain's last run on the right. */
  gluedRight: boolean;
}

/** Longest gap between two groups, and most non-space characters in it (" - " + a line break + "- "). */
const MAX_GAP = 5;
const MAX_MARKS = 2;

function isGapChar(code: number): boolean {
  // space, tab, \n, \r, '.', '-', '/'
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 46 || code === 45 || code === 47;
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** True when the characters between `from` and `to` can separate two groups of one identifier. */
export function isSeparatorGap(text: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > MAX_GAP) return false;
  let marks = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (!isGapChar(code)) return false;
    if (code === 46 || code === 45 || code === 47) marks++;
  }
  return marks <= MAX_MARKS;
}

let lastText: string | undefined;
let lastChains: readonly DigitChain[] = [];

/** The digit chains of `text`, in order (memoised for the last text, like `digitRuns`). */
export function digitChains(text: string): readonly DigitChain[] {
  if (text === lastText) return lastChains;
  const runs = digitRuns(text);
  const chains: DigitChain[] = [];
  let current: DigitRun[] = [];
  const flush = () => {
    const first = current[0];
    const last = current[current.length - 1];
    if (first && last) {
      chains.push({
        runs: current,
        gluedLeft: first.start > 0 && isWordChar(text.charCodeAt(first.start - 1)),
        gluedRight: last.end < text.length && isWordChar(text.charCodeAt(last.end)),
      });
    }
    current = [];
  };
  for (const run of runs) {
    const previous = current[current.length - 1];
    if (previous && !isSeparatorGap(text, previous.end, run.start)) flush();
    current.push(run);
  }
  flush();
  lastText = text;
  lastChains = chains;
  return chains;
}

/** The digits of runs `from..to` (inclusive) of a chain, separators dropped. */
export function chainDigits(text: string, runs: readonly DigitRun[], from: number, to: number): string {
  let out = '';
  for (let k = from; k <= to; k++) {
    const r = runs[k];
    if (r) out += text.slice(r.start, r.end);
  }
  return out;
}
