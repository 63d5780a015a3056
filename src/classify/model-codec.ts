import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { FeaturizerConfig } from './featurize.js';
import { MODEL_FORMAT, MODEL_VERSION, type TrainedModel, type TrainingSummary } from './types.js';

/**
 * The model artifact: one JSON document, `{"format":"switchyard-intent-model","version":1,…}`. Small
 * fields stay readable; the bucket list (delta-encoded varints) and the int8 weight matrix are
 * raw-deflated and base64-encoded. Serialisation is deterministic (same model → same bytes).
 */
const BINARY_ENCODING = 'deflate-raw+base64';

export function serializeModel(model: TrainedModel): string {
  const doc = {
    format: model.format,
    version: model.version,
    labels: model.labels,
    oosLabel: model.oosLabel,
    featurizer: {
      hashBits: model.featurizer.hashBits,
      charMin: model.featurizer.charMin,
      charMax: model.featurizer.charMax,
      maxChars: model.featurizer.maxChars,
      maxCharNgramChars: model.featurizer.maxCharNgramChars,
      charWeight: model.featurizer.charWeight,
    },
    temperature: model.temperature,
    unknownThreshold: model.unknownThreshold,
    summary: {
      examples: model.summary.examples,
      holdoutExamples: model.summary.holdoutExamples,
      holdoutAccuracy: model.summary.holdoutAccuracy,
      holdoutAccuracyAtThreshold: model.summary.holdoutAccuracyAtThreshold,
      holdoutOosRecall: model.summary.holdoutOosRecall,
      holdoutEce: model.summary.holdoutEce,
      thresholdRule: model.summary.thresholdRule,
      seed: model.summary.seed,
    },
    rows: model.buckets.length,
    bias: Array.from(model.bias),
    scales: Array.from(model.scales),
    encoding: BINARY_ENCODING,
    buckets: pack(encodeDeltas(model.buckets)),
    weights: pack(new Uint8Array(model.weights.buffer, model.weights.byteOffset, model.weights.byteLength)),
  };
  return JSON.stringify(doc);
}

/** Parses and validates an artifact; throws an Error naming the first problem. */
export function parseModel(json: string): TrainedModel {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(json) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`model is not valid JSON: ${(error as Error).message}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('model must be a JSON object');
  if (doc.format !== MODEL_FORMAT) {
    throw new Error(
      `not a switchyard intent model: format is ${JSON.stringify(doc.format)}, expected "${MODEL_FORMAT}"`,
    );
  }
  if (doc.version !== MODEL_VERSION) {
    throw new Error(
      `unsupported model version ${JSON.stringify(doc.version)} (this build reads version ${MODEL_VERSION})`,
    );
  }
  const fail = (field: string, why: string): never => {
    throw new Error(`invalid model: "${field}" ${why}`);
  };
  const labels = doc.labels;
  if (!Array.isArray(labels) || labels.length < 2 || !labels.every((l) => typeof l === 'string')) {
    fail('labels', 'must be an array of at least 2 strings');
  }
  const labelList = labels as string[];
  if (new Set(labelList).size !== labelList.length) fail('labels', 'must be distinct');
  const oosLabel = doc.oosLabel;
  if (oosLabel !== null && (typeof oosLabel !== 'string' || !labelList.includes(oosLabel))) {
    fail('oosLabel', 'must be null or one of the labels');
  }
  const featurizer = parseFeaturizer(doc.featurizer, fail);
  const num = (field: string, min: number, max: number): number => {
    const v = doc[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
      fail(field, `must be a number in [${min}, ${max}]`);
    return v as number;
  };
  const temperature = num('temperature', 1e-6, 1e6);
  const unknownThreshold = num('unknownThreshold', 0, 1);
  const rows = num('rows', 0, 2 ** featurizer.hashBits);
  if (!Number.isInteger(rows)) fail('rows', 'must be an integer');
  const classes = labelList.length;
  const floats = (field: string): Float32Array => {
    const v = doc[field];
    if (!Array.isArray(v) || v.length !== classes || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      fail(field, `must be an array of ${classes} finite numbers`);
    }
    return Float32Array.from(v as number[]);
  };
  const bias = floats('bias');
  const scales = floats('scales');
  if (doc.encoding !== BINARY_ENCODING) fail('encoding', `must be "${BINARY_ENCODING}"`);
  const buckets = decodeDeltas(unpack(doc.buckets, 'buckets', fail), rows, fail);
  for (let i = 0; i < rows; i++) {
    if (buckets[i]! >= 2 ** featurizer.hashBits || (i > 0 && buckets[i]! <= buckets[i - 1]!)) {
      fail('buckets', 'must be strictly ascending and below 2^hashBits');
    }
  }
  const weightBytes = unpack(doc.weights, 'weights', fail);
  if (weightBytes.length !== rows * classes) fail('weights', `must hold rows × labels = ${rows * classes} bytes`);
  const weights = new Int8Array(weightBytes.buffer, weightBytes.byteOffset, weightBytes.length);
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    labels: labelList,
    oosLabel: oosLabel as string | null,
    featurizer,
    buckets,
    weights,
    scales,
    bias,
    temperature,
    unknownThreshold,
    summary: parseSummary(doc.summary),
  };
}

type Fail = (field: string, why: string) => never;

function parseFeaturizer(value: unknown, fail: Fail): FeaturizerConfig {
  if (value === null || typeof value !== 'object') fail('featurizer', 'must be an object');
  const f = value as Record<string, unknown>;
  const int = (key: keyof FeaturizerConfig, min: number, max: number): number => {
    const v = f[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      fail(`featurizer.${key}`, `must be an integer in [${min}, ${max}]`);
    }
    return v as number;
  };
  const charMin = int('charMin', 1, 8);
  const config: FeaturizerConfig = {
    hashBits: int('hashBits', 10, 24),
    charMin,
    charMax: int('charMax', charMin, 8),
    maxChars: int('maxChars', 16, 1 << 20),
    maxCharNgramChars: int('maxCharNgramChars', 0, 1 << 20),
    charWeight: 0,
  };
  if (typeof f.charWeight !== 'number' || !Number.isFinite(f.charWeight) || f.charWeight < 0) {
    fail('featurizer.charWeight', 'must be a number ≥ 0');
  }
  config.charWeight = f.charWeight as number;
  return config;
}

function parseSummary(value: unknown): TrainingSummary {
  const s = (value !== null && typeof value === 'object' ? value : {}) as Partial<TrainingSummary>;
  const orNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);
  return {
    examples: typeof s.examples === 'number' ? s.examples : 0,
    holdoutExamples: typeof s.holdoutExamples === 'number' ? s.holdoutExamples : 0,
    holdoutAccuracy: orNull(s.holdoutAccuracy),
    holdoutAccuracyAtThreshold: orNull(s.holdoutAccuracyAtThreshold),
    holdoutOosRecall: orNull(s.holdoutOosRecall),
    holdoutEce: orNull(s.holdoutEce),
    thresholdRule: s.thresholdRule ?? 'none',
    seed: typeof s.seed === 'number' ? s.seed : 0,
  };
}

function pack(bytes: Uint8Array): string {
  return deflateRawSync(bytes, { level: 9 }).toString('base64');
}

function unpack(value: unknown, field: string, fail: Fail): Uint8Array {
  if (typeof value !== 'string') fail(field, 'must be a base64 string');
  try {
    return inflateRawSync(Buffer.from(value as string, 'base64'));
  } catch {
    return fail(field, 'is not valid deflate-raw+base64 data');
  }
}

/** Ascending integers → LEB128 varints of the gaps. */
function encodeDeltas(values: Uint32Array): Uint8Array {
  const out: number[] = [];
  let prev = 0;
  for (const v of values) {
    let gap = v - prev;
    prev = v;
    while (gap >= 0x80) {
      out.push((gap & 0x7f) | 0x80);
      gap = Math.floor(gap / 128);
    }
    out.push(gap);
  }
  return Uint8Array.from(out);
}

function decodeDeltas(bytes: Uint8Array, count: number, fail: Fail): Uint32Array {
  const out = new Uint32Array(count);
  let at = 0;
  let prev = 0;
  for (let i = 0; i < count; i++) {
    let gap = 0;
    let scale = 1;
    for (;;) {
      if (at >= bytes.length) fail('buckets', `holds fewer than rows = ${count} entries`);
      const b = bytes[at++]!;
      gap += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 128;
    }
    prev += gap;
    out[i] = prev;
  }
  if (at !== bytes.length) fail('buckets', `holds more than rows = ${count} entries`);
  return out;
}
