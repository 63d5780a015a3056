import type { ConversationRule, ConversationRules, RouteReview } from './conversation-rules-schema.js';
import { asksForDetails, doubtsIdentity, normalizeTurn, soundsConfused } from './conversation-signals.js';
import { compileSafePattern, type SafePattern } from './safe-pattern.js';
import type { ChatMessage } from './types.js';

/** The conversation rules, in the order they are checked. */
export const CONVERSATION_RULE_KEYS = ['stillConfused', 'askedForDetailsTwice', 'identityDoubt'] as const;
export type ConversationRuleKey = (typeof CONVERSATION_RULE_KEYS)[number];

/** Which turns each rule reads, its built-in detector, how many hits it takes by default, and what it says. */
const RULES: Record<
  ConversationRuleKey,
  {
    turns: (messages: readonly ChatMessage[]) => number[];
    detect: (text: string) => boolean;
    times: number;
    says: string;
  }
> = {
  stillConfused: {
    turns: customerTurnsAfterAnAnswer,
    detect: soundsConfused,
    times: 1,
    says: 'the customer is still confused after an answer',
  },
  askedForDetailsTwice: {
    turns: (messages) => indexesOf(messages, 'assistant'),
    detect: asksForDetails,
    times: 2,
    says: 'the assistant already asked for missing details',
  },
  identityDoubt: {
    turns: (messages) => indexesOf(messages, 'user'),
    detect: doubtsIdentity,
    times: 1,
    says: 'the customer doubts who they talk to or whose account this is',
  },
};

/** The route's review mode (`always`, `never`, `auto`), whichever form the route wrote it in. */
export function reviewModeOf(review: RouteReview | undefined): 'always' | 'never' | 'auto' {
  if (review === undefined) return 'auto';
  return typeof review === 'string' ? review : review.mode;
}

/** The conversation rules that apply on a route: its own `review.rules` key by key over the policy's. */
export function conversationRulesFor(
  policyRules: ConversationRules | undefined,
  review: RouteReview | undefined,
): ConversationRules {
  const own = typeof review === 'object' ? review.rules : undefined;
  return { ...(policyRules ?? {}), ...definedOnly(own ?? {}) };
}

/**
 * Why the conversation sends a request to a person, or null (docs/review.md#conversation-rules). Each rule on
 * counts the turns it reads that hit (built-in detector, its keywords or patterns) plus one when the request's
 * classified intent is among its `intents`; at `times` hits (default 1, `askedForDetailsTwice` 2) the reason
 * names the rule's key first (`askedForDetailsTwice: …`) and the turns by number, never their text.
 */
export function conversationReviewReason(
  rules: ConversationRules,
  messages: readonly ChatMessage[],
  intent: string | null,
): string | null {
  for (const key of CONVERSATION_RULE_KEYS) {
    const rule = rules[key];
    if (rule === undefined || rule === false) continue;
    const spec = RULES[key];
    const matchers = matchersOf(rule, spec.detect);
    const hits = spec.turns(messages).filter((index) => matchers.some((hit) => hit(messages[index]!.content)));
    const byIntent = typeof rule === 'object' && intent !== null && (rule.intents ?? []).includes(intent);
    const count = hits.length + (byIntent ? 1 : 0);
    const times = (typeof rule === 'object' ? rule.times : undefined) ?? spec.times;
    if (count < times) continue;
    const turns = hits.length > 0 ? `turn(s) ${hits.map((index) => index + 1).join(', ')}` : '';
    const intentPart = byIntent ? `intent ${intent}` : '';
    const evidence = [turns, intentPart].filter((part) => part !== '').join(' and ');
    return `${key}: ${spec.says} (${evidence}; review at ${times})`;
  }
  return null;
}

/** How one rule recognises a hit: the built-in detector (unless replaced), its keywords, its patterns. */
function matchersOf(rule: ConversationRule, detect: (text: string) => boolean): ((text: string) => boolean)[] {
  if (rule === true) return [detect];
  if (rule === false) return [];
  const keywords = (rule.keywords ?? []).map((keyword) => normalizeTurn(keyword).trim()).filter(Boolean);
  const patterns = (rule.patterns ?? [])
    .map((source) => compileSafePattern(source))
    .flatMap((compiled) => (compiled.ok ? [compiled.pattern] : [])); // validated at load: all compile
  const builtIn = rule.builtIn ?? (keywords.length === 0 && patterns.length === 0);
  return [
    ...(builtIn ? [detect] : []),
    ...(keywords.length > 0
      ? [(text: string) => keywords.some((keyword) => hasPhrase(normalizeTurn(text), keyword))]
      : []),
    ...(patterns.length > 0 ? [(text: string) => patterns.some((pattern: SafePattern) => pattern.test(text))] : []),
  ];
}

/** Whether `phrase` occurs in `text` with no letter or digit right before or after it. */
function hasPhrase(text: string, phrase: string): boolean {
  for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) {
    const before = text[at - 1];
    const after = text[at + phrase.length];
    if (!isWordChar(before) && !isWordChar(after)) return true;
  }
  return false;
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}_]/u.test(char);
}

function indexesOf(messages: readonly ChatMessage[], role: ChatMessage['role']): number[] {
  return messages.flatMap((message, index) => (message.role === role ? [index] : []));
}

/** Customer turns that come after an assistant answer (a turn with text, not only tool calls). */
function customerTurnsAfterAnAnswer(messages: readonly ChatMessage[]): number[] {
  const firstAnswer = messages.findIndex((message) => message.role === 'assistant' && message.content.trim() !== '');
  if (firstAnswer === -1) return [];
  return indexesOf(messages, 'user').filter((index) => index > firstAnswer);
}

function definedOnly(rules: ConversationRules): ConversationRules {
  return Object.fromEntries(Object.entries(rules).filter(([, value]) => value !== undefined)) as ConversationRules;
}
