/** Comparison operators a `--fail-on` threshold may use. */
export const FAIL_ON_OPERATORS = ['>=', '<=', '==', '>', '<'] as const;
export type FailOnOperator = (typeof FAIL_ON_OPERATORS)[number];

/** One threshold: the report field, how it compares, and the limit. */
export interface FailOnThreshold {
  field: string;
  operator: FailOnOperator;
  value: number;
  /** The threshold as written, for messages. */
  text: string;
}

const THRESHOLD = /^\s*([A-Za-z][A-Za-z0-9]*)\s*(>=|<=|==|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;

/**
 * Parses `--fail-on "dataClassViolations>0,routeChanges>20"`: comma-separated `FIELD OP NUMBER` thresholds on
 * numeric top-level fields (`fields`). Throws naming the malformed threshold or the unknown field.
 */
export function parseFailOn(expression: string, fields: readonly string[]): FailOnThreshold[] {
  const parts = expression.split(',');
  if (expression.trim() === '') throw new Error('--fail-on: empty expression (expected e.g. "routeChanges>20")');
  return parts.map((part) => {
    const match = THRESHOLD.exec(part);
    if (!match) {
      throw new Error(
        `--fail-on: malformed threshold "${part.trim()}" (expected FIELD OP NUMBER with OP one of ` +
          `${FAIL_ON_OPERATORS.join(' ')}, e.g. "dataClassViolations>0")`,
      );
    }
    const [, field, operator, value] = match as unknown as [string, string, FailOnOperator, string];
    if (!fields.includes(field)) {
      throw new Error(`--fail-on: "${field}" in "${part.trim()}" is not a numeric field (one of ${fields.join(', ')})`);
    }
    return { field, operator, value: Number(value), text: `${field}${operator}${value}` };
  });
}

/** The thresholds the report breaks (a threshold is broken when its comparison holds), with the actual value. */
export function brokenThresholds(
  report: Record<string, unknown>,
  thresholds: readonly FailOnThreshold[],
): { threshold: string; actual: number }[] {
  return thresholds.flatMap((threshold) => {
    const actual = report[threshold.field];
    if (typeof actual !== 'number') return [];
    return compare(actual, threshold.operator, threshold.value) ? [{ threshold: threshold.text, actual }] : [];
  });
}

function compare(actual: number, operator: FailOnOperator, limit: number): boolean {
  switch (operator) {
    case '>':
      return actual > limit;
    case '>=':
      return actual >= limit;
    case '<':
      return actual < limit;
    case '<=':
      return actual <= limit;
    case '==':
      return actual === limit;
  }
}
