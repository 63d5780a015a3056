import { describe, expect, it } from 'vitest';
import { detectLocale, UNDETERMINED_LOCALE } from '../../../src/classify/detect-locale.js';

describe('detectLocale', () => {
  it.each([
    ['de', 'Ich möchte mein Passwort zurücksetzen, bitte helfen Sie mir.'],
    ['de', 'Mein Paket ist nicht angekommen'],
    ['fr', "Je voudrais annuler ma commande, s'il vous plaît."],
    ['es', 'Quiero cancelar mi pedido, por favor.'],
    ['ja', '注文をキャンセルしたいのですが、どうすればいいですか？'],
    ['en', 'Where is my order? It was supposed to arrive yesterday.'],
    ['en', 'My order still shows as processing after a week, can you check it?'],
  ])('gives %s for a sentence in that language', (locale, text) => {
    expect(detectLocale(text)).toBe(locale);
  });

  it.each(['', '   ', '12345 !!!', 'ok', 'Hello', 'refund', 'ok thanks', 'SKU-4471 / 12x'])(
    'gives und for empty, short or ambiguous %j',
    (text) => {
      expect(detectLocale(text)).toBe(UNDETERMINED_LOCALE);
    },
  );

  it('reads only the start of a long text and still answers an ISO 639-1 code', () => {
    const french = 'Bonjour, je voudrais savoir pourquoi ma facture est plus élevée que prévu. '.repeat(40);
    const text = `${french}${'Where is my order? '.repeat(2000)}`;
    expect(detectLocale(text)).toBe('fr');
  });
});
