// The search rule (docs/protocol.md "Search"): what the words of a query are, the FTS5
// query they make, and the snippet with highlight ranges shown for a hit. One word rule
// serves all three, and it follows the index's tokenizer (`unicode61 remove_diacritics 2`):
// a word is a run of letters, digits and combining marks; case and accents are folded.
import { CHAT_LIMITS } from '../limits'

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
 * The FTS5 MATCH expression: every word must match the text or the file name (never the
 * conversation column), the last as a prefix. Each word is a quoted string, so nothing the
 * user typed is read as an FTS operator.
 */
export function ftsQuery(terms: readonly string[]): string {
  const words = terms.map((term, i) => `"${term.replaceAll('"', '""')}"${i === terms.length - 1 ? '*' : ''}`)
  return `{body filename} : (${words.join(' ')})`
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

export function validateQuery(q: string | null): { terms: string[] } | { error: string } {
  const raw = q ?? ''
  if (raw.length > CHAT_LIMITS.maxSearchChars) return { error: `Ensure this field has no more than ${CHAT_LIMITS.maxSearchChars} characters.` }
  const terms = searchTerms(raw)
  return terms.length === 0 ? { error: 'Enter one or more words to search for.' } : { terms }
}

function fold(word: string): string {
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
