/**
 * Text prepared for PostgreSQL's `simple` full-text configuration so that it
 * also finds Korean, Japanese and Chinese words.
 *
 * `simple` splits on spaces and punctuation, which works for English but not
 * for Korean, where particles attach to words ("회의실에서" = "회의실" + "에서")
 * and Chinese/Japanese, which use no spaces. So every run of CJK characters
 * is turned into overlapping two-character grams ("회의실에서" -> "회의 의실
 * 실에 에서"); a query is turned into the same grams, joined with the phrase
 * operator `<->`, which matches them only adjacent and in order. Latin words
 * stay whole and match by prefix.
 */

// Hangul syllables and jamo, CJK ideographs, Hiragana, Katakana.
const CJK_RUN = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;

function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length < 2) return [run];
  const out: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** The document text to index: CJK runs become bigrams, the rest is left to `simple`. */
export function searchDocument(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(CJK_RUN, (run) => ` ${bigrams(run).join(" ")} `);
}

/** Escapes a lexeme for to_tsquery: quoted, with quotes and backslashes escaped. */
const quote = (lexeme: string) => `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

/**
 * One search word as a tsquery fragment, or null when nothing in it is
 * searchable (punctuation only). Latin parts match by prefix (`'repo':*`),
 * CJK parts as an exact bigram phrase.
 */
export function wordToTsquery(word: string, weight = ""): string | null {
  const parts: string[] = [];
  const normalized = word.normalize("NFKC").toLowerCase();
  let last = 0;
  for (const match of normalized.matchAll(CJK_RUN)) {
    parts.push(...latinParts(normalized.slice(last, match.index), weight));
    const grams = bigrams(match[0]);
    // A single CJK character is its own prefix of the bigrams that start with it.
    parts.push(
      grams.length === 1 && [...match[0]].length === 1
        ? `${quote(match[0])}:*${weight}`
        : grams.map((g) => `${quote(g)}${weight ? `:${weight}` : ""}`).join(" <-> "),
    );
    last = match.index! + match[0].length;
  }
  parts.push(...latinParts(normalized.slice(last), weight));
  if (!parts.length) return null;
  return parts.length === 1 ? parts[0]! : `(${parts.join(" <-> ")})`;
}

function latinParts(text: string, weight: string): string[] {
  return text
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => `${quote(w)}:*${weight}`);
}

/**
 * All words must match: the tsquery for a list of words, or null if none is
 * searchable. `weight` ("A") restricts matches to that part of the document.
 */
export function wordsToTsquery(words: string[], weight = ""): string | null {
  const parts = words.map((w) => wordToTsquery(w, weight)).filter((p): p is string => p !== null);
  return parts.length ? parts.join(" & ") : null;
}
