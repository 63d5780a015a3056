/**
 * Privacy pipeline: personal-data detection, data classes and redaction. Synchronous, offline, no I/O
 * (the only state is a one-entry memo of digit runs, see digit-runs.ts).
 */
export { benchScan, type ScanBenchOptions, type ScanBenchResult } from './bench-scan.js';
export { supportMessage } from './bench-texts.js';
export {
  type DataClassRules,
  DEFAULT_DATA_CLASS_RULES,
  dataClassOf,
  privacyVerdict,
} from './data-class.js';
export { placeholderFor, redactText } from './redact.js';
export { resolveOverlaps, TYPE_PRIORITY } from './resolve-overlaps.js';
export { type ScanRecordResult, scanRecordLine } from './scan-record.js';
export { DETECTORS, scanMessages, scanText } from './scan-text.js';
export { DEFAULT_MIN_SCORE, type Detector, type ScanOptions } from './types.js';
