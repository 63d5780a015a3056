import { readFileSync } from 'node:fs';
import { type DataClass, ENTITY_TYPES, type EntityType, type PrivacyFinding } from '../policy/types.js';
import { type DataClassRules, DEFAULT_DATA_CLASS_RULES, dataClassOf } from '../privacy/data-class.js';
import { scanText } from '../privacy/scan-text.js';
import type { ScanOptions } from '../privacy/types.js';
import { PRESIDIO_ENTITY_MAP, STRUCTURED_GOLD_TYPES, STRUCTURED_TYPES } from './privacy-eval-mapping.js';

/** One labelled text: Presidio entity names, character offsets, end exclusive. */
export interface PrivacySample {
  text: string;
  spans: { type: string; start: number; end: number }[];
}

/** Scores of one Switchyard entity type. Ratios are null when undefined (no gold / no predictions). */
export interface EntityEval {
  type: EntityType;
  /** Gold labels mapped to this type. */
  goldTypes: string[];
  /** Gold spans (null when the gold labels are only a superset of the type). */
  gold: number | null;
  /** Gold spans overlapped by a finding of this type. */
  goldFound: number | null;
  predicted: number;
  /** Findings overlapping a gold span mapped to this type. */
  truePositives: number;
  /** Findings with exactly the gold span's boundaries. */
  exact: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface PrivacyEvalReport {
  source: string;
  texts: number;
  goldSpans: number;
  matchRule: string;
  minScore: number | null;
  entities: EntityEval[];
  /** Gold labels with no Switchyard type, with their counts. */
  unmapped: Record<string, number>;
  /** Micro-averaged over card, IBAN, SSN, email, phone, IP; plus the texts holding one classed public. */
  structured: {
    types: EntityType[];
    precision: number | null;
    recall: number | null;
    f1: number | null;
    textsWithStructured: number;
    classedPublic: number;
    classedPublicRate: number | null;
  };
  dataClasses: Record<DataClass, number>;
  /** Mean scan time per text, ms (informative only). */
  meanScanMs: number;
}

export const MATCH_RULE =
  'overlap: a finding is correct when it shares at least one character with a gold span of the same ' +
  '(mapped) type; a gold span is found when at least one finding of that type overlaps it';

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
const f1Of = (p: number | null, r: number | null): number | null =>
  p === null || r === null || p + r === 0 ? (p === 0 || r === 0 ? 0 : null) : (2 * p * r) / (p + r);
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean =>
  a.start < b.end && b.start < a.end;

interface Tally {
  gold: number;
  goldFound: number;
  predicted: number;
  tp: number;
  exact: number;
}

/** Scores scanner output against labelled samples (pure apart from the clock used for `meanScanMs`). */
export function evaluatePrivacySamples(
  samples: readonly PrivacySample[],
  options: ScanOptions & { source?: string; rules?: DataClassRules } = {},
): PrivacyEvalReport {
  const rules = options.rules ?? DEFAULT_DATA_CLASS_RULES;
  const tallies = new Map<EntityType, Tally>(
    ENTITY_TYPES.map((t) => [t, { gold: 0, goldFound: 0, predicted: 0, tp: 0, exact: 0 }]),
  );
  const unmapped: Record<string, number> = {};
  const dataClasses: Record<DataClass, number> = { public: 0, internal: 0, restricted: 0 };
  let goldSpans = 0;
  let textsWithStructured = 0;
  let classedPublic = 0;
  let scanMs = 0;
  for (const sample of samples) {
    const t0 = performance.now();
    const found: PrivacyFinding[] = scanText(sample.text, options);
    scanMs += performance.now() - t0;
    const dataClass = dataClassOf([...new Set(found.map((f) => f.type))], rules);
    dataClasses[dataClass]++;
    if (sample.spans.some((s) => STRUCTURED_GOLD_TYPES.includes(s.type))) {
      textsWithStructured++;
      if (dataClass === 'public') classedPublic++;
    }
    for (const g of sample.spans) {
      goldSpans++;
      const map = PRESIDIO_ENTITY_MAP[g.type];
      if (!map) {
        unmapped[g.type] = (unmapped[g.type] ?? 0) + 1;
        continue;
      }
      if (map.kind !== 'exact') continue;
      const tally = tallies.get(map.type)!;
      tally.gold++;
      if (found.some((f) => f.type === map.type && overlaps(f, g))) tally.goldFound++;
    }
    for (const f of found) {
      const tally = tallies.get(f.type)!;
      tally.predicted++;
      const match = sample.spans.filter((g) => PRESIDIO_ENTITY_MAP[g.type]?.type === f.type && overlaps(f, g));
      if (match.length > 0) tally.tp++;
      if (match.some((g) => g.start === f.start && g.end === f.end)) tally.exact++;
    }
  }
  const entities: EntityEval[] = ENTITY_TYPES.map((type) => {
    const t = tallies.get(type)!;
    const goldTypes = Object.entries(PRESIDIO_ENTITY_MAP)
      .filter(([, m]) => m.type === type)
      .map(([k]) => k);
    const hasExact = Object.values(PRESIDIO_ENTITY_MAP).some((m) => m.type === type && m.kind === 'exact');
    const precision = ratio(t.tp, t.predicted);
    const recall = hasExact ? ratio(t.goldFound, t.gold) : null;
    return {
      type,
      goldTypes,
      gold: hasExact ? t.gold : null,
      goldFound: hasExact ? t.goldFound : null,
      predicted: t.predicted,
      truePositives: t.tp,
      exact: t.exact,
      precision,
      recall,
      f1: hasExact ? f1Of(precision, recall) : null,
    };
  });
  const structured = STRUCTURED_TYPES.map((t) => tallies.get(t)!);
  const sum = (k: keyof Tally) => structured.reduce((a, t) => a + t[k], 0);
  const sp = ratio(sum('tp'), sum('predicted'));
  const sr = ratio(sum('goldFound'), sum('gold'));
  return {
    source: options.source ?? '(inline samples)',
    texts: samples.length,
    goldSpans,
    matchRule: MATCH_RULE,
    minScore: options.minScore ?? null,
    entities,
    unmapped,
    structured: {
      types: [...STRUCTURED_TYPES],
      precision: sp,
      recall: sr,
      f1: f1Of(sp, sr),
      textsWithStructured,
      classedPublic,
      classedPublicRate: ratio(classedPublic, textsWithStructured),
    },
    dataClasses,
    meanScanMs: samples.length === 0 ? 0 : scanMs / samples.length,
  };
}

/** Parses JSONL privacy samples; throws naming the 1-based line of the first bad line. */
export function parsePrivacySamples(jsonl: string, source = 'input'): PrivacySample[] {
  const out: PrivacySample[] = [];
  const lines = jsonl.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${source}:${i + 1}: not valid JSON`);
    }
    const v = value as Partial<PrivacySample> | null;
    if (!v || typeof v.text !== 'string' || !Array.isArray(v.spans)) {
      throw new Error(`${source}:${i + 1}: expected {"text": string, "spans": [...]}`);
    }
    for (const s of v.spans) {
      if (!s || typeof s.type !== 'string' || !Number.isInteger(s.start) || !Number.isInteger(s.end)) {
        throw new Error(`${source}:${i + 1}: each span needs "type" (string), "start" and "end" (integers)`);
      }
    }
    out.push({ text: v.text, spans: v.spans });
  });
  return out;
}

/**
 * Evaluates the privacy scanner on a JSONL file of `{"text","spans":[{"type","start","end"}]}` lines with
 * Presidio entity names (e.g. presidio-research generated data, MIT licence). Reads the file at `path`;
 * the data is never copied anywhere.
 */
export function evaluatePrivacy(path: string, options: ScanOptions = {}): PrivacyEvalReport {
  let jsonl: string;
  try {
    jsonl = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `data file not found: ${path}` : `cannot read ${path}: ${code ?? error}`);
  }
  const samples = parsePrivacySamples(jsonl, path);
  return evaluatePrivacySamples(samples, { ...options, source: path });
}
