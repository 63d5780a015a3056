/**
 * Benchmark inputs: English customer-support messages of a given size, assembled from sentences
 * written for this project (a mix of plain text and the kinds of personal data the scanner looks for).
 * Deterministic for a given seed.
 */
const PLAIN = [
  'Hello, I am writing about an order I placed last week that still has not arrived.',
  'The tracking page has said "in transit" for six days now and nobody answers the chat.',
  'Could you please check what is going on and let me know when I can expect the parcel?',
  'I also noticed that I was charged twice for the same order, which seems like a mistake.',
  'My subscription renewed yesterday even though I cancelled it at the start of the month.',
  'The app keeps logging me out whenever I try to update the delivery preferences.',
  'I tried resetting my password twice, but the reset email never reached my inbox.',
  'Is there a way to change the delivery slot to Saturday morning instead of Friday?',
  'Thanks in advance for your help, I have been a customer for many years and never had issues before.',
  'The product description said the jacket was waterproof, but it soaked through in light rain.',
  'I would like to return it and get a refund to the original payment method if possible.',
  'Please let me know which documents you need from me and how long the refund usually takes.',
];
const PERSONAL = [
  "My name is Laura Bennett and the order was placed under my husband's account.",
  'You can reach me on 020 7946 0018 or by email at laura.bennett@example.org during office hours.',
  'The card I used ends in 4421; the full number is 4111 1111 1111 1111 if you need it.',
  'Please send the replacement to 27 Willow Crescent, Apt. 4, Leeds LS6 2AB.',
  'For the refund you can use my IBAN GB29 NWBK 6016 1331 9268 19.',
  'My date of birth is 14/03/1986, in case you need it to verify the account.',
  'I am diabetic and the insulin cooler in that order is urgent for me.',
  'The error page showed my IP as 203.0.113.42 and then blocked me.',
  'Call me back at +1 (415) 555-0142 after 5 pm Pacific time, please.',
];

/** A message of about `chars` characters (cut at a sentence end or at `chars`), built from `seed`. */
export function supportMessage(chars = 2048, seed = 1, personalRate = 0.3): string {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  let text = '';
  while (text.length < chars) {
    const pool = next() < personalRate ? PERSONAL : PLAIN;
    text += (text ? ' ' : '') + pool[Math.floor(next() * pool.length)];
  }
  return text.slice(0, chars);
}
