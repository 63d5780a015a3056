import type { PrivacyFinding } from '../policy/types.js';
import { HEALTH_TERMS, MILD_HEALTH_TERMS } from './health-terms.js';

/**
 * Health information about a person: a condition, medication, procedure or diagnosis word
 * (`HEALTH_TERMS`, whole words, any case) in a sentence that says it concerns someone.
 *
 * A health word alone is not a person's health ("are you working during covid", "is this good for
 * diabetes?"). So a term counts only with context in the same sentence (up to 80 characters either side):
 * - most terms (cancer, HIV, depression, insulin, …): a person — first person ("I", "my", "I'm"), a
 *   relative or third person ("my son", "she", "his"), or a medical context word (diagnosed,
 *   prescribed, treatment, doctor, …): score 0.7;
 * - mild, everyday complaints and generic words (`MILD_HEALTH_TERMS`: back pain, headaches, allergy,
 *   covid, surgery, symptoms, …): a medical context word as well as a person ("my doctor says my back
 *   pain…", "I was diagnosed with a migraine disorder"): 0.65. "I have back pain issue" asking for a
 *   mattress is not a health record.
 */
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const TERMS = new RegExp(
  `\\b(?:${[...HEALTH_TERMS, ...MILD_HEALTH_TERMS]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|')})(?![a-z0-9])`,
  'gi',
);
const MILD = new Set(MILD_HEALTH_TERMS);
const PERSON =
  /\b(?:i|i'm|i’m|im|i've|i’ve|ive|i'd|i’d|my|mine|myself|we|our|he|she|his|her|they|their|son|daughter|wife|husband|mother|mom|mum|father|dad|child|kid|baby|partner|brother|sister|grandma|grandmother|grandpa|grandfather|aunt|uncle|friend|colleague|employee|patient|client)\b/;
const MEDICAL =
  /\b(?:diagnosed|diagnosis|misdiagnosed|prescribed|prescription|medication|medications|medicine|treatment|treated|treating|suffer|suffers|suffering|doctor|doctors|dr|gp|physician|hospital|hospitalised|hospitalized|clinic|surgery|surgeon|specialist|symptoms|dose|dosage|mg|tested positive|positive for|condition|chronic|therapy|recovering|recovery|relapse|sick leave|medical)\b/;
const SENTENCE_END = /[.!?\n]/;

function sentenceAround(text: string, start: number, end: number): string {
  let from = Math.max(0, start - 80);
  for (let i = start - 1; i >= from; i--) {
    if (SENTENCE_END.test(text[i] ?? '')) {
      from = i + 1;
      break;
    }
  }
  let to = Math.min(text.length, end + 80);
  for (let i = end; i < to; i++) {
    if (SENTENCE_END.test(text[i] ?? '') && !/\d/.test(text[i + 1] ?? '')) {
      to = i;
      break;
    }
  }
  return `${text.slice(from, start)} ${text.slice(end, to)}`.toLowerCase();
}

export function detectHealth(text: string): PrivacyFinding[] {
  const found: PrivacyFinding[] = [];
  TERMS.lastIndex = 0;
  for (let m = TERMS.exec(text); m !== null; m = TERMS.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const around = sentenceAround(text, start, end);
    const person = PERSON.test(around);
    const medical = MEDICAL.test(around);
    if (MILD.has(m[0].toLowerCase())) {
      if (person && medical) found.push({ type: 'health', start, end, score: 0.65 });
    } else if (person || medical) {
      found.push({ type: 'health', start, end, score: 0.7 });
    }
  }
  return found;
}
