// The server's side of the search rule (docs/protocol.md "Search"): the FTS5 query made
// of a query's words, and the validation of `q`. The words and snippets themselves follow
// the shared rule (src-shared/protocol/search-text.ts).
import { searchTerms } from '../../../src-shared/protocol/search-text'
import { CHAT_LIMITS } from '../limits'

/**
 * The FTS5 MATCH expression: every word must match the text or the file name (never the
 * conversation column), the last as a prefix. Each word is a quoted string, so nothing the
 * user typed is read as an FTS operator.
 */
export function ftsQuery(terms: readonly string[]): string {
  const words = terms.map((term, i) => `"${term.replaceAll('"', '""')}"${i === terms.length - 1 ? '*' : ''}`)
  return `{body filename} : (${words.join(' ')})`
}

export function validateQuery(q: string | null): { terms: string[] } | { error: string } {
  const raw = q ?? ''
  if (raw.length > CHAT_LIMITS.maxSearchChars) return { error: `Ensure this field has no more than ${CHAT_LIMITS.maxSearchChars} characters.` }
  const terms = searchTerms(raw)
  return terms.length === 0 ? { error: 'Enter one or more words to search for.' } : { terms }
}
