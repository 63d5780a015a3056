/**
 * Street-type vocabulary for `detect-street-address`, in several languages. Words are matched
 * case-insensitively, except `CAPITALISED_ONLY` ones, which are everyday English words too ("square
 * miles", "drive 50 miles", "a 2 x 2 court") and count only written with a capital ("Elm Drive").
 * `STREET_SUFFIXES` also match as the end of a compound ("Frørupvej", "Corellistraat").
 */
export const STREET_WORDS: ReadonlySet<string> = new Set(
  (
    'street road rd rd. avenue ave ave. av. boulevard blvd parkway pkwy highway hwy expressway freeway motorway ' +
    'rue via viale vicolo calle carrer avenida avinguda rua camino camiño carretera strada piazza piazzale corso ' +
    'praça travessa ulica ul. utca út vei veien vegen gata gatan vej gade weg laan straat strasse straße platz ' +
    'allee gasse tie katu kuja polku bulevar cesta ulice náměstí trg sokak caddesi chaussée chemin allée impasse ' +
    'quai str str. odos leoforos'
  ).split(' '),
);

export const CAPITALISED_ONLY: ReadonlySet<string> = new Set(
  (
    'st st. dr dr. ln way court ct place pl square sq terrace circle crescent close row alley trail plaza grove ' +
    'gardens mews walk wharf quay pike lane drive largo cours route ring'
  ).split(' '),
);

export const STREET_SUFFIXES: readonly string[] = (
  'straße strasse straat plaats weg vej vejen gade gatan gata vegen veien laan plein gracht kade tie katu väg ' +
  'vägen gasse allee platz utca stræde vænget bakken stien torget plass ulica street road'
).split(' ');

const CAPITAL = /^\p{Lu}/u;

/** True when `word` names a street type or ends like a compound street name. */
export function isStreetWord(word: string): boolean {
  const w = word.toLowerCase();
  if (STREET_WORDS.has(w)) return true;
  if (CAPITALISED_ONLY.has(w)) return CAPITAL.test(word);
  if (w.length < 6) return false;
  return STREET_SUFFIXES.some((s) => w.endsWith(s) && w.length > s.length + 2);
}
