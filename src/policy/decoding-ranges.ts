/** Valid ranges of decoding values (the OpenAI wire's; Anthropic takes temperature up to 1: higher is sent as 1). */
export const DECODING_RANGES = {
  /** Sampling temperature. */
  temperature: { min: 0, max: 2 },
  /** Nucleus sampling mass, above `min`. */
  topP: { min: 0, max: 1 },
  /** Most stop sequences per call (OpenAI's limit). */
  stopCount: 4,
  /** Longest stop sequence, characters. */
  stopChars: 64,
} as const;
