// Matching messages on this device (main's offline search over its cached history): the
// same rule the server's FTS5 index applies (docs/protocol.md "Search"): case and
// diacritics folded, every word of the query must match a word of the text, the last one
// as a prefix (search as you type), punctuation and operators are not words.
import type { Message } from '../protocol/types'

/** Characters of context a snippet keeps around its first match, as the server's (~160). */
const SNIPPET_CHARS = 160

/** The one folding rule: lower case, combining marks removed (é → e, Å → a). */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase()
}

interface Word {
  folded: string
  start: number
  end: number
}

/** Words of `text` with their UTF-16 ranges in the original text. */
function words(text: string): Word[] {
  const found: Word[] = []
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    found.push({ folded: foldText(match[0]), start: match.index, end: match.index + match[0].length })
  }
  return found
}

/** The query's words, folded; empty when it has none (only punctuation). */
export function queryWords(query: string): string[] {
  return words(query).map((word) => word.folded)
}

export interface TextMatch {
  snippet: string
  highlights: Array<[number, number]>
}

/** Where every query word occurs in `text` (the last as a prefix), or null when one does not. */
export function matchText(text: string, terms: string[]): TextMatch | null {
  if (!terms.length) return null
  const textWords = words(text)
  const hits: Word[] = []
  for (const [index, term] of terms.entries()) {
    const last = index === terms.length - 1
    const matching = textWords.filter((word) => (last ? word.folded.startsWith(term) : word.folded === term))
    if (!matching.length) return null
    hits.push(...matching)
  }
  hits.sort((a, b) => a.start - b.start)
  const first = hits[0]!
  const start = Math.max(0, Math.min(first.start - Math.floor(SNIPPET_CHARS / 3), text.length - SNIPPET_CHARS))
  const end = Math.min(text.length, start + SNIPPET_CHARS)
  const prefix = start > 0 ? '…' : ''
  const snippet = `${prefix}${text.slice(start, end)}${end < text.length ? '…' : ''}`
  const highlights = hits
    .filter((word) => word.start >= start && word.end <= end)
    .map((word): [number, number] => [word.start - start + prefix.length, word.end - start + prefix.length])
  return { snippet, highlights }
}

/** A message's searchable text: its text, else its file's name; deleted messages never match. */
export function matchMessage(message: Message, terms: string[]): TextMatch | null {
  if (message.deleted) return null
  return matchText(message.content, terms) ?? (message.file_attachment ? matchText(message.file_attachment.filename, terms) : null)
}
