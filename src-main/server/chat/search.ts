// The server's side of the search rule (docs/protocol.md "Search"): the validation of `q`.
// The words and snippets themselves follow the shared rule (src-shared/protocol/search-text.ts);
// each storage engine turns the words into its own query (SQLite: storage/sqlite/fts-query.ts).
import { searchTerms } from '../../../src-shared/protocol/search-text'
import { CHAT_LIMITS } from '../limits'

export function validateQuery(q: string | null): { terms: string[] } | { error: string } {
  const raw = q ?? ''
  if (raw.length > CHAT_LIMITS.maxSearchChars) return { error: `Ensure this field has no more than ${CHAT_LIMITS.maxSearchChars} characters.` }
  const terms = searchTerms(raw)
  return terms.length === 0 ? { error: 'Enter one or more words to search for.' } : { terms }
}
