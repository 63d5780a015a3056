import { ModelCallError } from './model-call-error.js';
import type { ModelCallResult } from './types.js';

/** How a call's caller takes an incomplete answer. */
export interface CompletenessOptions {
  /** An answer cut at the output-token cap is accepted (the caller reports finish `length`). @default false */
  acceptTruncated?: boolean;
}

/**
 * Refuses answers that ended for a reason other than completion: a content filter or refusal
 * (`ContentFiltered`, policy-blocked) or, unless `acceptTruncated`, the output-token cap (`OutputTruncated`).
 * Both carry the usage already spent so the attempt is still priced.
 */
export function assertComplete(result: ModelCallResult, options: CompletenessOptions = {}): void {
  const { unified, raw } = result.finishReason;
  if (unified === 'content-filter') {
    throw new ModelCallError('ContentFiltered', `provider stopped the answer (${raw ?? 'content filter'})`, {
      usage: result.usage,
    });
  }
  if (unified === 'length' && options.acceptTruncated !== true) {
    // The cut answer goes with the failure: a partial result (degrade mode `partial`) may use what is valid of it.
    throw new ModelCallError('OutputTruncated', `answer cut at the output-token cap (${raw ?? 'length'})`, {
      usage: result.usage,
      ...(result.text.length > 0 ? { text: result.text } : {}),
    });
  }
}
