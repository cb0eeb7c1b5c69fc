// Finding messages: the page of history around one (a search result, a reply's original)
// and full-text search, live or, when the server cannot be reached, over the host's cache.
import type { Message } from '../protocol/types'
import type { SearchCache } from './deps'
import { ParleyError, parleyError } from './errors'
import type { AuthedRest } from './rest'
import type { HistoryPage, SearchQuery, SearchResults } from './types'

/** Search results per page (the server allows 1–50). */
export const SEARCH_PAGE_SIZE = 20
/** Without the `search` extension a message is looked for this many history pages back. */
const MAX_AROUND_PAGES = 20

export interface AroundInput {
  rest: AuthedRest
  /** The server offers `?around=` (feature `search`). */
  withAround: boolean
  pageSize: number
  /** The conversation's last activity, to tell whether newer messages exist. */
  lastMessageAt: string | null
  /** Remembers what was loaded (the channel's noteKnown). */
  noteKnown(messages: Message[], isNewestPage: boolean): void
}

export async function historyAround(conversationId: number, messageId: number, input: AroundInput): Promise<HistoryPage> {
  const { rest, pageSize, noteKnown } = input
  if (input.withAround) {
    const messages = await rest.messages(conversationId, { around: messageId, limit: pageSize })
    noteKnown(messages, false)
    const last = messages.at(-1)
    return {
      messages,
      live: true,
      // Older: the page starts before the target (the next older page may be empty).
      hasMore: (messages[0]?.id ?? messageId) < messageId,
      hasNewer: last !== undefined && input.lastMessageAt !== null && last.created_at < input.lastMessageAt,
    }
  }
  const collected: Message[] = []
  let before: number | undefined
  for (let page = 0; page < MAX_AROUND_PAGES; page += 1) {
    const messages = await rest.messages(conversationId, { limit: pageSize, ...(before !== undefined ? { before } : {}) })
    noteKnown(messages, before === undefined)
    collected.unshift(...messages)
    const full = messages.length >= pageSize
    if (messages.some((m) => m.id === messageId)) return { messages: collected, live: true, hasMore: full, hasNewer: false }
    if (!full || !messages[0]) break
    before = messages[0].id
  }
  throw parleyError('not-found', 'That message could not be found in this conversation.')
}

export interface SearchInput {
  rest: AuthedRest
  /** The server offers search; false only when its features are not known yet and `cache` is given. */
  live: boolean
  cache: SearchCache | null
}

export async function searchMessages(query: SearchQuery, input: SearchInput): Promise<SearchResults> {
  const text = query.text.trim()
  if (!text) throw parleyError('invalid-argument', 'Type something to search for.')
  const { cache } = input
  const fromCache = async (): Promise<SearchResults> => ({ ...(await cache!({ ...query, text })), live: false })
  if (!input.live) return fromCache()
  try {
    const response = await input.rest.search({
      q: text,
      limit: SEARCH_PAGE_SIZE,
      ...(query.conversationId !== undefined ? { conversation: query.conversationId } : {}),
      ...(query.before !== undefined ? { before: query.before } : {}),
    })
    const hits = response.results.map((result) => ({ ...result, conversationId: result.message.conversation }))
    return { hits, live: true, hasMore: response.has_more }
  } catch (error) {
    if (!(error instanceof ParleyError) || error.code !== 'network') throw error
    if (cache) return fromCache()
    throw parleyError('network', "You're offline: searching needs the server, which can't be reached right now.")
  }
}
