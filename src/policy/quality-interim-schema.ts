import { InterimShape } from './interim-schema.js';
import { DefaultsQualityShape, RouteQualityShape } from './quality-schema.js';

export { type InterimConfig, InterimSchema } from './interim-schema.js';
export { type QualityConfig, QualitySchema } from './quality-schema.js';

/** A route's `quality` (with its `qualityFloor` alias) and `interim` keys (docs/review.md#grading, docs/streaming.md). */
export const RouteQualityInterimShape = { ...RouteQualityShape, ...InterimShape };

/** The same keys in `defaults`, for routes without their own. */
export const DefaultsQualityInterimShape = { ...DefaultsQualityShape, ...InterimShape };
