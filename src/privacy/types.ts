import type { EntityType, PrivacyFinding } from '../policy/types.js';
import type { CustomPrivacyRule } from './custom-rules.js';

/**
 * A detector reads one text and returns candidate spans of a single entity type. Detectors are pure,
 * synchronous and independent; `scanText` merges their output and resolves overlaps.
 */
export type Detector = (text: string) => PrivacyFinding[];

/** Options for `scanText` / `scanMessages`. */
export interface ScanOptions {
  /** Entity types to look for. @default all of ENTITY_TYPES */
  types?: readonly EntityType[];
  /** Findings scoring below this are dropped, 0..1. @default DEFAULT_MIN_SCORE (0.5) */
  minScore?: number;
  /** The policy's own terms and patterns (`privacy.custom`), compiled once and memoised. @default none */
  custom?: readonly CustomPrivacyRule[];
}

/** Findings below this score are candidates only and never reported by default. */
export const DEFAULT_MIN_SCORE = 0.5;
