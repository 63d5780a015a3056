/**
 * Built-in detectors of the conversation review rules (docs/review.md#conversation-rules): pure functions over
 * one message's text, in English. They look for the *shape* of a turn (a request verb aimed at the customer and
 * the kind of information asked for; a first-person statement of not understanding; doubt about the other side
 * or the account), not for fixed sentences. Fixed expressions written by us, each linear in the text.
 */

/** Longest part of one message the detectors read, characters (a pasted log says nothing about confusion). */
export const MAX_SIGNAL_CHARS = 4000;

/** Lower case, straight apostrophes, single spaces. */
export function normalizeTurn(text: string): string {
  return text
    .slice(0, MAX_SIGNAL_CHARS)
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/\s+/g, ' ');
}

/** Sentences of a normalized turn, each with its closing punctuation. */
function sentencesOf(text: string): string[] {
  return text.match(/[^.!?\n]+[.!?]*/g)?.map((sentence) => sentence.trim()) ?? [];
}

const ASK_VERBS =
  'provide|share|send|confirm|give|tell|let (?:me|us) know|specify|include|clarify|verify|upload|attach|enter|type|reply with|double-check|check|look up|forward|describe|list|paste';

/** Verbs that open an imperative request for information ("Send us your order number."). */
const OPENING_VERBS =
  'provide|share|send|confirm|give|tell|let (?:me|us) know|specify|clarify|verify|upload|attach|reply with|forward|paste';

/** A request aimed at the reader: "could you send", "please confirm", "I'll need", "what is your", "may I have". */
const ASK_FORM = new RegExp(
  [
    `\\b(?:could|can|would|will) you (?:please |kindly |also |just )?(?:${ASK_VERBS})\\b`,
    `\\b(?:please|kindly) (?:also |just )?(?:${ASK_VERBS})\\b`,
    `^(?:${OPENING_VERBS}) (?:us |me )?(?:your|the|a|an|some|more|any)\\b`,
    "\\b(?:i|we)(?:'ll| will|'d| would)? (?:still |also |just )?need (?:your|the|a|an|some|more|a few|additional|to (?:know|see|have|confirm|verify))\\b",
    "\\bwhat(?:'s| is| was| are) (?:your|the) ",
    '\\bmay i (?:have|ask|get|see)\\b',
    '\\b(?:do|did) you (?:have|still have|remember) (?:your|the|a|an)\\b',
    '\\bwhich (?:order|account|email|address|item|product|card|number|device|plan|date)\\b',
    '\\bin order to (?:help|assist|look into|check|find|locate)\\b',
  ].join('|'),
);

/** What "missing details" are: identifiers and facts a support agent asks a customer for. */
const DETAIL_NOUN =
  /\b(?:details?|information|info|number|order|account|e-?mail|address|name|date|id|reference|confirmation|code|zip|postcode|postal|phone|receipt|invoice|screenshot|photo|picture|tracking|serial|username|user name|birth|last (?:four|4) digits|transaction|booking|ticket|model|version|description|steps)\b/;

/**
 * Whether an assistant turn asks the customer for missing details: one of its sentences is a request aimed at
 * the reader (see ASK_FORM) that names the kind of information wanted (see DETAIL_NOUN) or is a question.
 * "Could you share your order number?", "Please confirm the email on the account.", "What is your zip code?".
 */
export function asksForDetails(text: string): boolean {
  return sentencesOf(normalizeTurn(text)).some(
    (sentence) => ASK_FORM.test(sentence) && (DETAIL_NOUN.test(sentence) || sentence.endsWith('?')),
  );
}

const CONFUSED = new RegExp(
  [
    // First person not understanding: "I still don't understand", "we can't follow", "I do not get it".
    "\\b(?:i|we)(?: still| really| just)? (?:do not|don't|dont|did not|didn't|didnt|can't|cant|cannot|can not|am not able to) (?:\\w+ )?(?:understand|get it|get what|get how|follow|see (?:how|what|why)|know what you mean|figure (?:it|this|that|out))",
    "\\b(?:i'm|im|i am|we're|we are)(?: still| really| so| even more| a bit| very)? (?:confused|lost|puzzled|not following|not sure what you mean)\\b",
    '\\b(?:still|even more) (?:confused|lost|unclear|not clear|stuck)\\b',
    // The answer did not help: "that didn't help", "your answer doesn't make sense", "this is not helpful".
    "\\b(?:that|this|it|your (?:answer|reply|response|explanation)|the (?:answer|reply|response|explanation))(?: still| really)? (?:did not|didn't|didnt|does not|doesn't|doesnt|is not|isn't|was not|wasn't|won't) (?:really |at all )?(?:help|make (?:any )?sense|answer|clear|helpful|work|solve|fix)",
    '\\b(?:makes? no sense|not making sense|not helpful|unhelpful|no help at all|confusing|over my head|lost me|not what i (?:asked|meant|need))\\b',
    '\\bwhat (?:do|did) you mean\\b|\\bwhat does (?:that|this|it) (?:even )?mean\\b|\\bmeaning what\\b',
    "\\byou (?:did not|didn't|haven't|have not) (?:answer(?:ed)?|understand|understood) (?:my|the)\\b",
    '\\b(?:can|could) you (?:explain|clarify|rephrase|say|put) (?:that|this|it)(?: again| differently| more simply| in simpler words| another way)?\\b',
    '^(?:huh|what)\\?+|\\?\\?\\?',
  ].join('|'),
);

/** Whether a customer turn says they are still confused or the answer did not help. */
export function soundsConfused(text: string): boolean {
  return CONFUSED.test(normalizeTurn(text));
}

const PARTY =
  '(?:a |an )?(?:bot|robot|chat ?bot|ai|a\\.i\\.|real (?:person|human)|actual (?:person|human)|human|person|live agent|automated|recording)';

/** What a customer may say is not theirs. */
const OWNED =
  '(?:account|order|card|package|parcel|number|e-?mail|address|name|booking|subscription|charge|purchase|payment|phone|device|details|profile|login|transaction|reservation)';

const IDENTITY_DOUBT = new RegExp(
  [
    // Who is answering: "is this a bot", "am I talking to a human", "are you real", "who am I speaking with".
    `\\b(?:is this|are you|is that|is it|am i (?:talking|speaking|chatting|writing) (?:to|with)) ${PARTY}\\b`,
    '\\bare you (?:real|human|a real|even real|a person|alive)\\b',
    '\\b(?:who|what) am i (?:talking|speaking|chatting) (?:to|with)\\b',
    '\\b(?:talk|speak|chat) (?:to|with) (?:a |an )?(?:human|real person|person|representative|someone real|live agent)\\b',
    // Whose account or order: "this isn't my account", "that order is not mine", "someone else's order".
    `\\b(?:this|that|it|these|those)(?: ${OWNED}s?)?(?: is| are|'s| was| were)? (?:not|isn't|aren't|wasn't|weren't) (?:(?:my|our) (?:own )?${OWNED}|mine|ours)\\b`,
    `\\bnot (?:my|our) (?:own )?${OWNED}\\b`,
    `\\b(?:someone|somebody|some one|another person|a stranger)(?: else)?(?:'s|s)? ${OWNED}\\b`,
    '\\b(?:someone|somebody)(?: else)? (?:is |has been |was )?(?:using|accessing|logged into|logging into) my\\b',
    `\\bi (?:did not|didn't|didnt|never) (?:place|placed|make|made|order|ordered|buy|bought|purchase|purchased|authori[sz]ed?|sign(?:ed)? up for|open|opened|create|created|request|requested) (?:this|that|these|those|any|an|a|the)? ?${OWNED}`,
    `\\b(?:wrong|another|a different) (?:person|customer|user)'s ${OWNED}\\b`,
    "\\b(?:you have|you've got|you're looking at|that's|thats) the wrong (?:account|person|customer)\\b",
    `\\b${OWNED}(?: has been| was| is| got| has| been)* (?:hacked|stolen|compromised|taken over)\\b|\\bidentity theft\\b`,
  ].join('|'),
);

/** Whether a customer turn doubts who they talk to, or whether the account or order is theirs. */
export function doubtsIdentity(text: string): boolean {
  return IDENTITY_DOUBT.test(normalizeTurn(text));
}
