// A message as read from PostgreSQL: the one SELECT every message read uses (its sender,
// file, reply, reactions and mentions in one row), in exactly the row shape SQLite's
// returns, so db/messages-repo.ts toRecord maps both; and the words messages.search holds.
import { searchTerms } from '../../../../src-shared/protocol/search-text'
import { selectMessage } from '../../db/messages-repo'
export { toRecord, type MessageRow } from '../../db/messages-repo'

export const SELECT_MESSAGE = selectMessage(
  "(SELECT string_agg(user_id::text, ',' ORDER BY position) FROM message_mentions WHERE message_id = m.id)",
  "COALESCE((SELECT json_agg(json_build_array(emoji, user_id) ORDER BY id) FROM reactions WHERE message_id = m.id)::text, '[]')",
)

/** A tsvector lexeme holds at most 2,047 bytes; a longer "word" (a pasted blob) is left out of the index. */
const MAX_LEXEME_BYTES = 2046

/**
 * The words of a message's text and file name as messages.search stores them (for
 * array_to_tsvector, which takes them literally): folded by the shared search rule, so
 * a query's terms (searchTerms) match exactly what FTS5 would match on SQLite.
 */
export function searchWords(content: string, filename: string | null): string[] {
  const words = new Set([...searchTerms(content), ...searchTerms(filename ?? '')])
  return [...words].filter((word) => Buffer.byteLength(word) <= MAX_LEXEME_BYTES)
}
