import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** One line of RouteLLM's MMLU correctness file: did the strong and the weak model answer this item right? */
export interface RouteLlmItem {
  subject: string;
  prompt: string;
  strongCorrect: boolean;
  weakCorrect: boolean;
}

/** Reads `routellm-mmlu.jsonl` (`{"subject","prompt","weak_correct","strong_correct"}` per line); errors name the line. */
export function readRouteLlm(path: string): RouteLlmItem[] {
  const items: RouteLlmItem[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((raw, index) => {
      if (raw.trim() === '') return;
      let value: Record<string, unknown>;
      try {
        value = JSON.parse(raw) as Record<string, unknown>;
      } catch (error) {
        throw new Error(`${path}:${index + 1}: invalid JSON (${(error as Error).message})`);
      }
      const { subject, prompt, weak_correct: weak, strong_correct: strong } = value;
      if (
        typeof subject !== 'string' ||
        typeof prompt !== 'string' ||
        typeof weak !== 'boolean' ||
        typeof strong !== 'boolean'
      ) {
        throw new Error(
          `${path}:${index + 1}: expected subject, prompt (strings) and weak_correct, strong_correct (booleans)`,
        );
      }
      items.push({ subject, prompt, strongCorrect: strong, weakCorrect: weak });
    });
  if (items.length === 0) throw new Error(`${path}: no items`);
  return items;
}

/** Deterministic position of an item in [0, 1) from its prompt (seeded), for splits and samples. */
export function itemRank(prompt: string, seed: number): number {
  return createHash('sha256').update(`${seed}:${prompt}`).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * Splits items into a calibration part (to build the routing table) and an evaluation part (the traffic
 * that is replayed), by a seeded hash of the prompt: the same seed gives the same split.
 */
export function splitRouteLlm(
  items: readonly RouteLlmItem[],
  calibrationShare = 0.5,
  seed = 1,
): { calibration: RouteLlmItem[]; evaluation: RouteLlmItem[] } {
  const calibration: RouteLlmItem[] = [];
  const evaluation: RouteLlmItem[] = [];
  for (const item of items) (itemRank(item.prompt, seed) < calibrationShare ? calibration : evaluation).push(item);
  return { calibration, evaluation };
}

/** Per-subject accuracy of both models. */
export function subjectAccuracy(
  items: readonly RouteLlmItem[],
): Map<string, { n: number; strong: number; weak: number }> {
  const table = new Map<string, { n: number; strong: number; weak: number }>();
  for (const item of items) {
    const row = table.get(item.subject) ?? { n: 0, strong: 0, weak: 0 };
    row.n += 1;
    row.strong += item.strongCorrect ? 1 : 0;
    row.weak += item.weakCorrect ? 1 : 0;
    table.set(item.subject, row);
  }
  return table;
}

/**
 * Subjects the weak model may take: on the calibration items its accuracy is within `maxGap` of the
 * strong model's (and there are at least `minItems` items to judge by). Sorted.
 */
export function cheapSubjects(calibration: readonly RouteLlmItem[], maxGap = 0.05, minItems = 10): string[] {
  return [...subjectAccuracy(calibration).entries()]
    .filter(([, row]) => row.n >= minItems && (row.strong - row.weak) / row.n <= maxGap)
    .map(([subject]) => subject)
    .sort();
}

/**
 * Traffic lines for `bench replay`: the prompt, its subject as metadata, and the per-tier correctness
 * labels (`expect.correct.strong` / `.weak`). A seeded sample of `limit` items (all when unset).
 */
export function routeLlmTraffic(items: readonly RouteLlmItem[], limit?: number, seed = 1): string[] {
  const sample = [...items].sort((a, b) => itemRank(a.prompt, seed + 1) - itemRank(b.prompt, seed + 1));
  return sample.slice(0, limit ?? sample.length).map((item) =>
    JSON.stringify({
      text: item.prompt,
      metadata: { subject: item.subject },
      expect: { correct: { strong: item.strongCorrect, weak: item.weakCorrect } },
    }),
  );
}
