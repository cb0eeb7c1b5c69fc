// The search word rule (docs/protocol.md "Search"), one for the server and the client:
// what the words of a query are, whether a text matches them, and the snippet with
// highlight ranges shown for a hit. It follows the server index's tokenizer (`unicode61
// remove_diacritics 2`): a word is a run of letters, digits and combining marks; case and
// accents are folded. The server builds its FTS5 query from these terms
// (src-main/server/chat/search.ts); the client matches cached messages with them offline
// (src-shared/client/search-text.ts).

const WORD = /[\p{L}\p{N}\p{M}]+/gu
/** Characters of text shown around the first match. */
const SNIPPET_CHARS = 160
/** How much of the snippet comes before the first match. */
const LEAD_CHARS = 40

export interface Snippet {
  snippet: string
  highlights: Array<[number, number]>
}

/** The query's words, folded; empty when it has none (combining marks alone fold to nothing). */
export function searchTerms(q: string): string[] {
  return Array.from(q.matchAll(WORD), (m) => fold(m[0])).filter((term) => term !== '')
}

/**
 * Whether every term occurs among the words of `texts` (a message's text and file name,
 * like the index's two columns), the last as a prefix: the client's offline search applies
 * what FTS5 applies on the server.
 */
export function matchesAll(texts: readonly string[], terms: readonly string[]): boolean {
  if (terms.length === 0) return false
  const words = new Set(texts.flatMap((text) => Array.from(text.matchAll(WORD), (m) => fold(m[0]))))
  const last = terms.length - 1
  return terms.every((term, i) => words.has(term) || (i === last && [...words].some((word) => word.startsWith(term))))
}

/** The snippet of a hit: from the text when a word matches there, else from the file name. */
export function snippetOf(text: string, filename: string | null, terms: readonly string[]): Snippet {
  for (const source of [text, filename ?? '']) {
    const found = cutAround(source.replace(/\s+/g, ' ').trim(), terms)
    if (found) return found
  }
  // FTS5 matched where this simpler folding does not (rare scripts): show the start, unmarked.
  return { snippet: cut(text.replace(/\s+/g, ' ').trim(), 0).text, highlights: [] }
}

/** A word of ASCII letters and digits, the only ASCII a word (WORD) has. */
const ASCII_WORD = /^[0-9A-Za-z]*$/

/** The one folding rule: compatibility forms, then combining marks removed and lower case (é → e, Å → a, ﬁ → fi). */
export function fold(word: string): string {
  // ASCII has no compatibility forms and no marks, so lower case is the whole rule there:
  // most words of most chats, folded for every post a cluster stores (about 3 µs a message).
  if (ASCII_WORD.test(word)) return word.toLowerCase()
  return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
}

function cutAround(text: string, terms: readonly string[]): Snippet | null {
  const last = terms.length - 1
  const matches: Array<[number, number]> = []
  for (const m of text.matchAll(WORD)) {
    const word = fold(m[0])
    if (terms.some((term, i) => word === term || (i === last && word.startsWith(term)))) matches.push([m.index, m.index + m[0].length])
  }
  const first = matches[0]
  if (!first) return null
  const window = cut(text, Math.max(0, first[0] - LEAD_CHARS))
  const highlights = matches
    .filter(([start, end]) => start >= window.start && end <= window.end)
    .map(([start, end]): [number, number] => [start - window.start + window.shift, end - window.start + window.shift])
  return { snippet: window.text, highlights }
}

/** SNIPPET_CHARS of `text` from about `from` (whole words, whole surrogate pairs), `…` where cut. */
function cut(text: string, from: number): { text: string; start: number; end: number; shift: number } {
  let start = from
  if (start > 0) {
    // Begin at a word start when one is near, never inside a surrogate pair.
    const space = text.indexOf(' ', start - 1)
    if (space >= 0 && space - start < LEAD_CHARS / 2) start = space + 1
    if (isLowSurrogate(text.charCodeAt(start))) start += 1
  }
  let end = Math.min(text.length, start + SNIPPET_CHARS)
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end -= 1
  const head = start > 0 ? '…' : ''
  const tail = end < text.length ? '…' : ''
  return { text: `${head}${text.slice(start, end)}${tail}`, start, end, shift: head.length }
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}
