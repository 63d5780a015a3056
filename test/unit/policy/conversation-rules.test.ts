import { describe, expect, it } from 'vitest';
import { conversationReviewReason, conversationRulesFor } from '../../../src/policy/conversation-rules.js';
import { asksForDetails, doubtsIdentity, soundsConfused } from '../../../src/policy/conversation-signals.js';
import { decideRoute } from '../../../src/policy/decide-route.js';
import type { ChatMessage, RouteResult } from '../../../src/policy/types.js';
import { diffPolicies } from '../../../src/policy-diff/diff-policies.js';
import { reviewRules, reviewRulesOf } from '../../../src/report/lifecycle.js';
import { BASE_POLICY_YAML, classification, testPolicy } from '../../support/policies.js';

const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });

describe('built-in conversation detectors', () => {
  it('recognise an assistant asking for missing details, not an assistant answering', () => {
    for (const text of [
      'Could you share your order number so I can look into it?',
      'Please confirm the email address on the account.',
      'What is your zip code?',
      "I'll need the last four digits of the card to continue.",
      'Thanks! Can you send me a screenshot of the error?',
      'May I have your booking reference, please?',
      'To help, which order are you asking about?',
    ]) {
      expect(asksForDetails(text), text).toBe(true);
    }
    for (const text of [
      'Your package shipped yesterday and should arrive on Friday.',
      'Try restarting the app, then sign in again.',
      'We need a little more time to answer; a person will follow up shortly.',
      'Check your spam folder for the confirmation.',
    ]) {
      expect(asksForDetails(text), text).toBe(false);
    }
  });

  it('recognise a customer who is still confused or was not helped', () => {
    for (const text of [
      "I still don't understand what I should do",
      'that didn’t help at all',
      'What do you mean by "pending"?',
      "Sorry, I'm confused. Which button?",
      'This makes no sense to me',
      'Your answer does not answer my question.',
      'huh?',
      'can you explain that again more simply',
    ]) {
      expect(soundsConfused(text), text).toBe(true);
    }
    for (const text of ['Thanks, that worked!', 'My order number is 12345.', 'Great, I understand now.']) {
      expect(soundsConfused(text), text).toBe(false);
    }
  });

  it('recognise doubt about who answers or whose account it is', () => {
    for (const text of [
      'wait, is this a bot?',
      'Am I talking to a real person?',
      'Are you human?',
      "This isn't my account",
      'that order is not mine',
      "It looks like someone else's order",
      'I never placed this order',
      'I think my account was hacked',
      'Can I speak to a human please',
    ]) {
      expect(doubtsIdentity(text), text).toBe(true);
    }
    for (const text of [
      'It was not my fault the box broke',
      'Where is my order?',
      "I didn't order the blue one, I wanted red",
      'Is this machine washable?',
    ]) {
      expect(doubtsIdentity(text), text).toBe(false);
    }
  });
});

describe('conversationReviewReason', () => {
  const askedTwice = [
    user('my parcel is late'),
    assistant('Sorry! Could you share your order number?'),
    user('I ordered last week'),
    assistant('Thanks. Please provide the order number from your confirmation email.'),
    user('it is somewhere in my inbox'),
  ];

  it('counts details asked across assistant turns, naming the rule and the turns', () => {
    const reason = conversationReviewReason({ askedForDetailsTwice: true }, askedTwice, null);
    expect(reason).toMatch(/^askedForDetailsTwice: /);
    expect(reason).toContain('turn(s) 2, 4');
    expect(conversationReviewReason({ askedForDetailsTwice: true }, askedTwice.slice(0, 3), null)).toBeNull();
    expect(conversationReviewReason({ askedForDetailsTwice: { times: 3 } }, askedTwice, null)).toBeNull();
  });

  it('counts confusion only after an answer', () => {
    expect(conversationReviewReason({ stillConfused: true }, [user("I don't understand my bill")], null)).toBeNull();
    const after = [user('my bill?'), assistant('It covers November.'), user("I still don't understand")];
    expect(conversationReviewReason({ stillConfused: true }, after, null)).toMatch(/^stillConfused: .*turn\(s\) 3/);
  });

  it('takes custom keywords and RE2 patterns instead of the built-in detector, and classifier intents', () => {
    const messages = [user('bonjour'), assistant('Hello!'), user('je ne comprends pas')];
    expect(conversationReviewReason({ stillConfused: true }, messages, null)).toBeNull();
    expect(conversationReviewReason({ stillConfused: { keywords: ['ne comprends pas'] } }, messages, null)).toMatch(
      /^stillConfused:/,
    );
    expect(conversationReviewReason({ identityDoubt: { patterns: ['^bon(jour|soir)$'] } }, messages, null)).toMatch(
      /^identityDoubt: .*turn\(s\) 1/,
    );
    // Custom signals replace the built-in detector unless builtIn says otherwise.
    const bot = [user('is this a bot?')];
    expect(conversationReviewReason({ identityDoubt: { keywords: ['robot'] } }, bot, null)).toBeNull();
    expect(
      conversationReviewReason({ identityDoubt: { keywords: ['robot'], builtIn: true } }, bot, null),
    ).not.toBeNull();
    expect(
      conversationReviewReason({ identityDoubt: { intents: ['account_takeover'] } }, [user('hi')], 'account_takeover'),
    ).toMatch(/^identityDoubt: .*intent account_takeover/);
    expect(conversationReviewReason({ identityDoubt: false }, bot, null)).toBeNull();
  });

  it("merges a route's rules over the policy's key by key", () => {
    expect(
      conversationRulesFor(
        { stillConfused: true, identityDoubt: true },
        { mode: 'auto', rules: { identityDoubt: false } },
      ),
    ).toEqual({ stillConfused: true, identityDoubt: false });
    expect(conversationRulesFor({ stillConfused: true }, 'auto')).toEqual({ stillConfused: true });
  });
});

describe('decideRoute with conversation rules', () => {
  const policy = testPolicy(
    `${BASE_POLICY_YAML}
  rules: { identityDoubt: true }
`.replace('review: { reviewers: [alice@example.com] }\n', 'review:\n  reviewers: [alice@example.com]\n'),
  );
  const request = { messages: [user('where is my order?'), assistant('It shipped.'), user('is this a bot?')] };
  const facts = { classification: classification(), dataClass: 'public' as const, metadata: {} };

  it('parks the request up front, only under the current rules', () => {
    const decided = decideRoute(policy, request, facts);
    expect(decided.kind === 'plan' && decided.plan.upfrontReview).toMatch(/^identityDoubt: /);
    const old = decideRoute(policy, request, facts, { failoverByKind: true, conversationRules: false });
    expect(old.kind === 'plan' && old.plan.upfrontReview).toBeNull();
  });

  it('accepts the object form of a route review and its own rules; never opts out', () => {
    const yaml = BASE_POLICY_YAML.replace(
      '    fallbacks: [strong, local]\n',
      '    fallbacks: [strong, local]\n    review: { rules: { stillConfused: { patterns: ["where is"] , times: 1 } } }\n',
    );
    const own = testPolicy(yaml);
    const decided = decideRoute(own, { messages: [user('hi'), assistant('Hello'), user('where is it')] }, facts);
    expect(decided.kind === 'plan' && decided.plan.upfrontReview).toMatch(/^stillConfused: /);
    const never = testPolicy(yaml.replace('review: { rules:', 'review: { mode: never, rules:'));
    const none = decideRoute(never, { messages: [user('hi'), assistant('Hello'), user('where is it')] }, facts);
    expect(none.kind === 'plan' && none.plan.upfrontReview).toBeNull();
  });
});

describe('review rule reports', () => {
  it('name conversation rules by key, both as set and as triggered', () => {
    const policy = testPolicy(
      BASE_POLICY_YAML.replace(
        'review: { reviewers: [alice@example.com] }',
        'review: { reviewers: [alice@example.com], rules: { stillConfused: true, identityDoubt: false } }',
      ),
    );
    expect(reviewRules(policy.review)).toContain('rules.stillConfused');
    expect(reviewRules(policy.review)).not.toContain('rules.identityDoubt');
    const trail = [
      { step: 'review', outcome: 'requested', reason: 'askedForDetailsTwice: … (turn(s) 2, 4; review at 2)' },
    ];
    expect(reviewRulesOf({ trail } as unknown as RouteResult)).toEqual(['rules.askedForDetailsTwice']);
  });
});

describe('policy check', () => {
  it('refuses an unknown intent in a conversation rule, naming the field', () => {
    const yaml = BASE_POLICY_YAML.replace(
      'review: { reviewers: [alice@example.com] }',
      'review: { reviewers: [alice@example.com], rules: { identityDoubt: { intents: [ghost] } } }',
    );
    expect(() => testPolicy(yaml)).toThrow(/review\.rules\.identityDoubt\.intents\[0\]: unknown intent "ghost"/);
  });
});

describe('policy diff', () => {
  it('warns when a route in the object form no longer always asks for review', () => {
    const always = testPolicy(
      BASE_POLICY_YAML.replace('review: always', 'review: { mode: always, rules: { stillConfused: true } }'),
    );
    const auto = testPolicy(BASE_POLICY_YAML.replace('review: always', 'review: { rules: { stillConfused: true } }'));
    const diff = diffPolicies({ policy: always, hash: 'a' }, { policy: auto, hash: 'b' });
    expect(diff.warnings).toContain('route risky no longer always asks for review');
  });
});
