// Matching a message on this device (main's offline search over its cached history) by
// the same rule the server's index applies (src-shared/protocol/search-text.ts).
import { matchesAll, snippetOf, type Snippet } from '../protocol/search-text'
import type { Message } from '../protocol/types'

/** A message's snippet when its text and file name hold every term; deleted messages never match. */
export function matchMessage(message: Message, terms: readonly string[]): Snippet | null {
  if (message.deleted) return null
  const filename = message.file_attachment?.filename ?? null
  if (!matchesAll([message.content, filename ?? ''], terms)) return null
  return snippetOf(message.content, filename, terms)
}
