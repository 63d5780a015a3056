/**
 * Symmetric int8 quantisation of a `rows × classes` weight matrix with one scale per class (column):
 * `real ≈ q * scale`. Cuts the artifact and the in-memory model to a quarter of float32, and the tiny
 * weights that round to 0 compress away.
 */
export interface QuantisedWeights {
  weights: Int8Array;
  scales: Float32Array;
}

export function quantiseColumns(weights: Float32Array, rows: number, classes: number): QuantisedWeights {
  const maxAbs = new Float64Array(classes);
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    for (let c = 0; c < classes; c++) {
      const a = Math.abs(weights[base + c]!);
      if (a > maxAbs[c]!) maxAbs[c] = a;
    }
  }
  const scales = new Float32Array(classes);
  for (let c = 0; c < classes; c++) scales[c] = maxAbs[c]! > 0 ? maxAbs[c]! / 127 : 1;
  const out = new Int8Array(rows * classes);
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    for (let c = 0; c < classes; c++) out[base + c] = Math.round(weights[base + c]! / scales[c]!);
  }
  return { weights: out, scales };
}
