import type { FinishReason, UnifiedFinishReason } from './types.js';

const OPENAI: Record<string, UnifiedFinishReason> = {
  stop: 'stop',
  length: 'length',
  content_filter: 'content-filter',
  tool_calls: 'tool-calls',
  function_call: 'tool-calls',
};

const ANTHROPIC: Record<string, UnifiedFinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  refusal: 'content-filter',
  tool_use: 'tool-calls',
};

/** OpenAI `finish_reason` → unified; anything else is `other`. */
export function openAIFinishReason(raw: string): FinishReason {
  return { unified: OPENAI[raw] ?? 'other', raw };
}

/** Anthropic `stop_reason` → unified; anything else (e.g. `pause_turn`) is `other`. */
export function anthropicFinishReason(raw: string): FinishReason {
  return { unified: ANTHROPIC[raw] ?? 'other', raw };
}
