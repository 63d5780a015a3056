import type { FinishKind } from '../policy/types.js';
import type { UnifiedFinishReason } from './types.js';

/**
 * How an accepted answer ended, for the result: tool calls make it `tool-calls` whatever the provider said
 * (vLLM and Ollama report `stop` with tool calls); `other` finishes count as `stop`.
 */
export function finishKindOf(unified: UnifiedFinishReason, hasToolCalls: boolean): FinishKind {
  if (hasToolCalls) return 'tool-calls';
  switch (unified) {
    case 'length':
      return 'length';
    case 'content-filter':
      return 'content-filter';
    default:
      // A `tool-calls` finish without a call carries nothing to act on: its text is the answer.
      return 'stop';
  }
}
