import type { GradeResult } from '../../workflows/grade-types.js';
import { routeQuality } from '../policy/quality.js';

/** Sampled answer quality of one route under one policy version (docs/review.md#grading). */
export interface QualityRow {
  route: string;
  policyVersion: string;
  /** Mean grade of the graded sample, 0..1; null when nothing was graded yet. */
  meanScore: number | null;
  /** Graded answers: the sample size of `meanScore`. */
  samples: number;
  /** Sampled answers whose grade deadline passed ungraded. */
  expired: number;
  /** The route's floor in the report's policy (`quality.floor` or `qualityFloor`); null: none known. */
  floor: number | null;
  /** True when a graded sample's mean is below the floor. */
  belowFloor: boolean;
}

/** The policy a report reads floors from. */
export type QualityPolicy = Parameters<typeof routeQuality>[0];

/** Quality per route and policy version from finished grading workflows, sorted by route then version. Pure. */
export function computeQuality(grades: readonly GradeResult[], policy: QualityPolicy | null): QualityRow[] {
  const groups = new Map<string, GradeResult[]>();
  for (const grade of grades) {
    const key = JSON.stringify([grade.route, grade.policyVersion]);
    groups.set(key, [...(groups.get(key) ?? []), grade]);
  }
  const rows = [...groups.values()].map((group): QualityRow => {
    const { route, policyVersion } = group[0]!;
    const scores = group.flatMap((grade) => (grade.grade ? [grade.grade.score] : []));
    const meanScore = scores.length === 0 ? null : scores.reduce((sum, score) => sum + score, 0) / scores.length;
    const floor = policy ? routeQuality(policy, route).floor : null;
    return {
      route,
      policyVersion,
      meanScore,
      samples: scores.length,
      expired: group.length - scores.length,
      floor,
      belowFloor: meanScore !== null && floor !== null && meanScore < floor,
    };
  });
  return rows.sort((a, b) => a.route.localeCompare(b.route) || a.policyVersion.localeCompare(b.policyVersion));
}

/** `0.85 (n=12)`, with `below floor 0.9` when flagged; `-` without graded answers. */
export function formatQuality(row: QualityRow | undefined): string {
  if (!row || row.meanScore === null) return row && row.expired > 0 ? `- (${row.expired} expired)` : '-';
  const flag = row.belowFloor ? ` BELOW FLOOR ${row.floor}` : '';
  return `${row.meanScore.toFixed(2)} (n=${row.samples})${flag}`;
}

/** The quality cell of scorecard rows: per route (all versions) or per route and version (rows with `policyVersion`). */
export function qualityOfRow(
  row: { route: string; policyVersion?: string },
  grades: readonly GradeResult[],
  policy: QualityPolicy | null,
): QualityRow | undefined {
  const mine = grades.filter(
    (grade) =>
      (row.route === 'all' || grade.route === row.route) &&
      (row.policyVersion === undefined || grade.policyVersion === row.policyVersion),
  );
  if (mine.length === 0) return undefined;
  const merged = computeQuality(
    mine.map((grade) => ({ ...grade, route: row.route, policyVersion: row.policyVersion ?? '*' })),
    row.route === 'all' ? null : policy,
  );
  return merged[0];
}
