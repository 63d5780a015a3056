import type { LiveReport } from './live-report.js';
import { formatQuality } from './quality-report.js';

/**
 * The report's sampled-quality section (docs/review.md#grading): one line per route and policy version with the mean
 * grade and its sample size, routes below their floor flagged, and how many sampled answers wait. Empty without grades.
 */
export function renderQualitySection(report: Pick<LiveReport, 'quality' | 'gradesPending'>): string {
  if (report.quality.length === 0 && report.gradesPending === 0) return '';
  const lines = ['sampled quality (mean grade 0..1, per route and policy version)'];
  for (const row of report.quality) {
    const floor = row.floor === null ? '' : `; floor ${row.floor}`;
    lines.push(`  ${row.route} @ ${row.policyVersion}: ${formatQuality(row)}${floor}`);
  }
  const below = report.quality.filter((row) => row.belowFloor);
  if (below.length > 0)
    lines.push(`  below floor: ${below.map((row) => `${row.route} @ ${row.policyVersion}`).join(', ')}`);
  if (report.gradesPending > 0) lines.push(`  ${report.gradesPending} sampled answer(s) waiting for a grade`);
  return lines.join('\n');
}
