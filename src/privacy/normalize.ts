/**
 * The text the detectors read, and the way back to the original. People paste identifiers with
 * no-break or thin spaces, full-width or Arabic-Indic digits, zero-width characters and JSON escapes in
 * them; the detectors match ASCII, so every such character is rewritten first and an offset map keeps
 * findings and redaction on the ORIGINAL characters.
 *
 * Per code point: \p{Cf} (zero-width, soft hyphen, bidi marks, BOM) is removed; \p{Nd} becomes its
 * ASCII digit; space-like characters (\p{Zs}: no-break, thin, narrow no-break, figure, ideographic, …)
 * become ' '; line and paragraph separators become '\n'; hyphen and dash variants become '-'; full-width
 * solidus and full stops become '/' and '.'; anything else non-ASCII is NFKC-normalised on its own.
 * In text holding a backslash, the JSON escapes `\n`, `\t`, `\r` and `\uXXXX` are decoded the same way
 * (an identifier inside a JSON body is still an identifier).
 */
export interface NormalizedText {
  /** The text the detectors read. */
  text: string;
  /**
   * Original offset of each normalised character's first code unit, plus one trailing entry (the
   * original length); null when `text` is the original unchanged.
   */
  starts: Int32Array | null;
  /** Original offset after each normalised character's last code unit; null with `starts`. */
  ends: Int32Array | null;
}

/** Printable ASCII plus tab and line breaks: nothing to rewrite (the common case, no map). */
const PLAIN = /^[\t\n\r -[\]-~]*$/;
const FORMAT = /^\p{Cf}$/u;
const DIGIT = /^\p{Nd}$/u;
const SPACE = /^\p{Zs}$/u;
const DASHES = new Set([0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xfe58, 0xfe63, 0xff0d, 0x2043]);
const SOLIDUS = new Set([0x2044, 0x2215, 0xff0f]);
const FULL_STOP = new Set([0x3002, 0xff0e, 0xff61, 0x2024]);
/** Memo of single-character rewrites (character → replacement; '' removes). */
const memo = new Map<string, string>();

/** Value 0–9 of a decimal digit: Unicode encodes each script's digits as ten consecutive code points. */
function digitValue(code: number): number {
  let zero = code;
  while (code - zero < 9 && DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
  return (code - zero) % 10;
}

function rewrite(char: string): string {
  const known = memo.get(char);
  if (known !== undefined) return known;
  const code = char.codePointAt(0) ?? 0;
  let out: string;
  if (FORMAT.test(char)) out = '';
  else if (DIGIT.test(char)) out = String(digitValue(code));
  else if (SPACE.test(char) || code === 0x85) out = ' ';
  else if (code === 0x2028 || code === 0x2029) out = '\n';
  else if (DASHES.has(code)) out = '-';
  else if (SOLIDUS.has(code)) out = '/';
  else if (FULL_STOP.has(code)) out = '.';
  else {
    out = char.normalize('NFKC');
    // NFKC can itself produce digits or spaces of other scripts only in theory; map them once more.
    if (out !== char && !PLAIN.test(out)) out = [...out].map((c) => (c === char ? c : rewriteSimple(c))).join('');
  }
  if (memo.size < 4096) memo.set(char, out);
  return out;
}

function rewriteSimple(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (DIGIT.test(char)) return String(digitValue(code));
  if (SPACE.test(char)) return ' ';
  if (DASHES.has(code)) return '-';
  return char;
}

const JSON_ESCAPE = /\\(?:[ntr]|u[0-9a-fA-F]{4})/y;

/** Normalises `original` for detection (see the file comment); `text === original` when nothing changed. */
export function normalizeText(original: string): NormalizedText {
  if (PLAIN.test(original)) return { text: original, starts: null, ends: null };
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  while (i < original.length) {
    const code = original.charCodeAt(i);
    let piece: string;
    let width: number;
    if (code === 0x5c) {
      JSON_ESCAPE.lastIndex = i;
      const m = JSON_ESCAPE.exec(original);
      if (m) {
        width = m[0].length;
        const e = m[0][1];
        const decoded = e === 'u' ? String.fromCharCode(Number.parseInt(m[0].slice(2), 16)) : '';
        piece = e === 'n' ? '\n' : e !== 'u' ? ' ' : decoded.charCodeAt(0) < 0x80 ? decoded : rewrite(decoded);
      } else {
        piece = '\\';
        width = 1;
      }
    } else if (code < 0x80) {
      piece = original[i] ?? '';
      width = 1;
    } else {
      const cp = original.codePointAt(i) ?? code;
      width = cp > 0xffff ? 2 : 1;
      piece = rewrite(original.slice(i, i + width));
    }
    for (let k = 0; k < piece.length; k++) {
      starts.push(i);
      ends.push(i + width);
    }
    text += piece;
    i += width;
  }
  starts.push(original.length);
  if (text === original) return { text: original, starts: null, ends: null };
  return { text, starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/** Maps a span `[start, end)` of the normalised text to the original text's offsets. */
export function toOriginalSpan(normalized: NormalizedText, start: number, end: number): { start: number; end: number } {
  const { starts, ends } = normalized;
  if (!starts || !ends) return { start, end };
  const s = starts[Math.min(start, starts.length - 1)] ?? 0;
  const e = end > start ? (ends[Math.min(end - 1, ends.length - 1)] ?? s) : s;
  return { start: s, end: Math.max(s, e) };
}
