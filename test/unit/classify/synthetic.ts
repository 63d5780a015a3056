import { createPrng } from '../../../src/classify/prng.js';
import type { LabelledExample } from '../../../src/classify/types.js';

/** Phrase templates per intent; `{a|b}` picks one option. Distinct vocabularies, shared filler words. */
const TEMPLATES: Record<string, string[]> = {
  order_status: [
    'where is my {order|package|parcel}',
    'has my {order|package|parcel} shipped yet',
    'track my {order|delivery|shipment}',
    'when will my {order|package} arrive',
    'is my {delivery|shipment} on the way',
  ],
  refund: [
    'i want a refund for my {purchase|order|item}',
    'give me my money back for the {purchase|item}',
    'how do i get a refund',
    'refund the {purchase|charge|item} please',
    'can i return this {item|product} for a refund',
  ],
  password: [
    'reset my password',
    'i forgot my {password|login}',
    'cannot log in to my {account|profile}',
    'change my {password|login} please',
    'my password does not work',
  ],
  billing: [
    'why was i charged twice on my {bill|invoice}',
    'explain the fee on my {bill|invoice|statement}',
    'my {invoice|bill} is wrong',
    'question about my {bill|invoice|statement}',
    'the amount on my {statement|invoice} is too high',
  ],
};

/** Out-of-scope phrases (chit-chat, trivia): a vocabulary the intents never use. */
const OOS_TEMPLATES = [
  'what is the weather {today|tomorrow} in {paris|tokyo|lima}',
  'tell me a {joke|story|riddle}',
  'who won the {game|match|election} {yesterday|today}',
  'how tall is the {eiffel tower|empire state building}',
  'recommend a {movie|song|book} for {tonight|the weekend}',
];

const PREFIXES = ['', '', 'hi ', 'hello ', 'hey there ', 'excuse me '];
const SUFFIXES = ['', '', ' thanks', ' please', ' asap', ' thank you'];

function fill(template: string, pick: (n: number) => number): string {
  return template.replace(/\{([^}]+)\}/g, (_, options: string) => {
    const list = options.split('|');
    return list[pick(list.length)]!;
  });
}

export const SYNTHETIC_INTENTS = Object.keys(TEMPLATES);

/** Each intent's look-alike: ambiguous examples carry the partner's label. */
const PARTNER: Record<string, string> = {
  order_status: 'refund',
  refund: 'order_status',
  password: 'billing',
  billing: 'password',
};

/**
 * `perIntent` examples per intent (plus `oos` ones when `oosCount` > 0). `labelNoise` is the share of
 * examples labelled with the intent's partner instead: the text cannot tell them apart, so the best
 * possible model is right `1 − labelNoise` of the time and should say so in its confidence.
 */
export function syntheticExamples(
  perIntent: number,
  seed: number,
  options: { oosCount?: number; labelNoise?: number } = {},
): LabelledExample[] {
  const prng = createPrng(seed);
  const pick = (n: number): number => prng.nextInt(n);
  const out: LabelledExample[] = [];
  for (const [label, templates] of Object.entries(TEMPLATES)) {
    for (let i = 0; i < perIntent; i++) {
      const text = `${PREFIXES[pick(PREFIXES.length)]}${fill(templates[pick(templates.length)]!, pick)}${SUFFIXES[pick(SUFFIXES.length)]}`;
      const noisy = prng.next() < (options.labelNoise ?? 0);
      out.push({ text, label: noisy ? PARTNER[label]! : label });
    }
  }
  for (let i = 0; i < (options.oosCount ?? 0); i++) {
    out.push({ text: fill(OOS_TEMPLATES[pick(OOS_TEMPLATES.length)]!, pick), label: 'oos' });
  }
  return out;
}
