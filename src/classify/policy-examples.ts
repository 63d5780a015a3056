import type { LabelledExample } from './types.js';

/**
 * Training examples from a policy's `intents` map (`{ name: { examples: [...] } }`): each example text
 * labelled with its intent name, in the map's order. Intents without examples contribute nothing.
 */
export function examplesFromIntents(
  intents: Readonly<Record<string, { readonly examples?: readonly string[] | undefined }>>,
): LabelledExample[] {
  const out: LabelledExample[] = [];
  for (const [label, intent] of Object.entries(intents)) {
    for (const text of intent.examples ?? []) out.push({ text, label });
  }
  return out;
}
