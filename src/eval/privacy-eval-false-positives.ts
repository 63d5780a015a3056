import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DataClass, EntityType } from '../policy/types.js';
import { DEFAULT_DATA_CLASS_RULES, privacyVerdict } from '../privacy/data-class.js';
import { scanText } from '../privacy/scan-text.js';

/**
 * False positives of the privacy gate on texts that hold no identifier: every `{"text"}` line of a JSONL
 * file, or of every `*.jsonl` file in a directory (e.g. the intent datasets: banking, CLINC150, HINT3
 * support queries), read in place. Any finding on such a text is a false positive; a restricted class
 * sends an innocent request away from the public providers.
 */
export interface FalsePositiveReport {
  source: string;
  texts: number;
  /** Texts classed internal or restricted. */
  nonPublic: number;
  restricted: number;
  nonPublicRate: number;
  restrictedRate: number;
  /** Texts with at least one finding of the type. */
  byType: Partial<Record<EntityType, number>>;
  /** Up to `examples` flagged texts with their types (public dataset text). */
  examples: { text: string; types: EntityType[]; dataClass: DataClass }[];
}

function jsonlFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .map((name) => join(path, name));
}

export function evaluateFalsePositives(path: string, options: { examples?: number } = {}): FalsePositiveReport {
  let files: string[];
  try {
    files = jsonlFiles(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `data not found: ${path}` : `cannot read ${path}: ${code ?? error}`);
  }
  const report: FalsePositiveReport = {
    source: path,
    texts: 0,
    nonPublic: 0,
    restricted: 0,
    nonPublicRate: 0,
    restrictedRate: 0,
    byType: {},
    examples: [],
  };
  const seen = new Set<string>();
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const text = (JSON.parse(line) as { text?: unknown }).text;
      if (typeof text !== 'string' || seen.has(text)) continue;
      seen.add(text);
      report.texts++;
      const verdict = privacyVerdict(scanText(text), DEFAULT_DATA_CLASS_RULES);
      if (verdict.dataClass === 'public') continue;
      report.nonPublic++;
      if (verdict.dataClass === 'restricted') report.restricted++;
      for (const type of verdict.entityTypes) report.byType[type] = (report.byType[type] ?? 0) + 1;
      if (report.examples.length < (options.examples ?? 20)) {
        report.examples.push({ text, types: verdict.entityTypes, dataClass: verdict.dataClass });
      }
    }
  }
  report.nonPublicRate = report.texts === 0 ? 0 : report.nonPublic / report.texts;
  report.restrictedRate = report.texts === 0 ? 0 : report.restricted / report.texts;
  return report;
}
