// The FTS5 MATCH expression for a search's words (docs/protocol.md "Search"): SQLite's
// side of the search rule; the words themselves come from src-shared/protocol/search-text.ts.

/**
 * Every word must match the text or the file name (never the conversation column), the
 * last as a prefix. Each word is a quoted string, so nothing the user typed is read as an
 * FTS operator.
 */
export function ftsQuery(terms: readonly string[]): string {
  const words = terms.map((term, i) => `"${term.replaceAll('"', '""')}"${i === terms.length - 1 ? '*' : ''}`)
  return `{body filename} : (${words.join(' ')})`
}
