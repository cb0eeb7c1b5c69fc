// GET /api/parley/search/ (the `search` extension, docs/protocol.md "Search"): full text
// over the messages of the asker's conversations, newest first.
import type { SearchResult } from '../../../src-shared/protocol/types'
import { snippetOf } from '../../../src-shared/protocol/search-text'
import { validateQuery } from '../chat/search'
import { toWireMessage } from '../chat/serialize'
import type { ServerContext } from '../context'
import type { MessageRecord } from '../storage/storage'
import { CHAT_LIMITS } from '../limits'
import { requireUser } from './authenticate'
import { participantConversation, queryInt, wireFor } from './conversation-routes'
import { HttpError, sendJson } from './respond'
import type { Router } from './router'

export function registerSearchRoutes(router: Router, ctx: ServerContext): void {
  router.add('GET', '/api/parley/search/', async ({ req, res, url }) => {
    const user = await requireUser(ctx, req)
    const query = validateQuery(url.searchParams.get('q'))
    if ('error' in query) throw new HttpError(400, { q: [query.error] })
    const rawConversation = url.searchParams.get('conversation')
    const conversationId = rawConversation === null || rawConversation === ''
      ? null
      : await participantConversation(ctx, rawConversation, user)
    const before = queryInt(url, 'before')
    const limit = Math.min(queryInt(url, 'limit') ?? CHAT_LIMITS.searchPage, CHAT_LIMITS.maxSearchPage)
    const wire = wireFor(ctx, req, url)
    const { storage } = ctx
    const body = await storage.readDurable(async () => {
      const ids = await storage.search.search({ userId: user.id, terms: query.terms, conversationId, before, limit: limit + 1 })
      const found = await Promise.all(ids.slice(0, limit).map((id) => storage.messages.get(id)))
      const records = found.filter((r): r is MessageRecord => r !== null)
      const results: SearchResult[] = records.map((record) => ({
        message: toWireMessage(record, wire),
        ...snippetOf(record.content, record.attachment?.filename ?? null, query.terms),
      }))
      return { results, has_more: ids.length > limit }
    })
    sendJson(res, 200, body)
  })
}
