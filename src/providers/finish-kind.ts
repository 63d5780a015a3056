import type { FinishKind } from '../policy/types.js';
import type { UnifiedFinishReason } from './types.js';

/**
 * How an accepted answer ended, for the result. A cut (`length`) or refusal (`content-filter`) says so even
 * when tool calls came first (their arguments may be cut too, as OpenAI reports it); otherwise tool calls
 * make it `tool-calls` whatever the provider said (vLLM and Ollama report `stop` with tool calls), and a
 * `tool-calls` finish without a call, or an `other` one, counts as `stop`.
 */
export function finishKindOf(unified: UnifiedFinishReason, hasToolCalls: boolean): FinishKind {
  if (unified === 'length' || unified === 'content-filter') return unified;
  return hasToolCalls ? 'tool-calls' : 'stop';
}
