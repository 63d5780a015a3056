import type { FeatureView, Featurizer } from './featurize.js';
import type { RowExample } from './linear-model.js';

/**
 * Maps hashed buckets to dense weight rows. Only buckets seen in training get a row, so the weight matrix
 * holds `rows × classes` numbers instead of `2^hashBits × classes`.
 */
export class RowIndex {
  /** `bucket → row`, -1 when the bucket has no row. */
  readonly rowOfBucket: Int32Array;
  /** `row → bucket`, in order of first appearance. */
  readonly buckets: number[] = [];

  constructor(hashBits: number) {
    this.rowOfBucket = new Int32Array(1 << hashBits).fill(-1);
  }

  get size(): number {
    return this.buckets.length;
  }

  /** Row of `bucket`, adding one when `grow` is set; -1 when absent and not growing. */
  rowOf(bucket: number, grow: boolean): number {
    let row = this.rowOfBucket[bucket]!;
    if (row < 0 && grow) {
      row = this.buckets.length;
      this.buckets.push(bucket);
      this.rowOfBucket[bucket] = row;
    }
    return row;
  }
}

/**
 * Turns a feature view into a row example: repeated features are merged (their values add up) and
 * features without a row are dropped.
 */
export function toRowExample(view: FeatureView, index: RowIndex, grow: boolean, label: number): RowExample {
  const rows: number[] = [];
  const values: number[] = [];
  const slot = new Map<number, number>();
  for (let i = 0; i < view.total; i++) {
    const row = index.rowOf(view.buckets[i]!, grow);
    if (row < 0) continue;
    const value = i < view.wordCount ? view.wordValue : view.charValue;
    const at = slot.get(row);
    if (at === undefined) {
      slot.set(row, rows.length);
      rows.push(row);
      values.push(value);
    } else {
      values[at]! += value;
    }
  }
  return { rows: Int32Array.from(rows), values: Float32Array.from(values), label };
}

/** Encodes many texts with one featurizer; `grow` adds rows for new buckets (training data only). */
export function encodeTexts(
  featurizer: Featurizer,
  texts: readonly string[],
  labels: readonly number[],
  index: RowIndex,
  grow: boolean,
): RowExample[] {
  return texts.map((text, i) => toRowExample(featurizer.extract(text), index, grow, labels[i]!));
}
