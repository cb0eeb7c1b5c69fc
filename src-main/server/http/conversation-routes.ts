// /api/chat/conversations/… : list, create, detail, history, mark_read; with the chat
// extensions on, the page around a message (?around=) and the changes since a revision.
import type { IncomingMessage } from 'node:http'
import { FEATURES, type Conversation, type User } from '../../../src-shared/protocol/types'
import { stripInvisible } from '../../../src-shared/protocol/visible-text'
import type { ServerContext } from '../context'
import { parseExt } from '../chat/message-ext'
import { toWireConversation, toWireMessage, type WireContext } from '../chat/serialize'
import { CHAT_LIMITS } from '../limits'
import { directKey } from '../chat/direct-key'
import { requireUser } from './authenticate'
import { HttpError, notFound, readBody, sendJson } from './respond'
import type { Router } from './router'
import { nonNegativeInt, positiveInt } from './validation'

const DEFAULT_PAGE = 100
const MAX_PAGE = 500
const MAX_PARTICIPANTS = 256

export function registerConversationRoutes(router: Router, ctx: ServerContext): void {
  router.add('GET', '/api/chat/conversations/', async ({ req, res }) => {
    const user = await requireUser(ctx, req)
    const { conversations } = ctx.storage
    const list = await ctx.storage.readDurable(async () => {
      const participants = await conversations.participantsForUser(user.id)
      return (await conversations.listForUser(user.id)).map((row) => toWireConversation(row, participants.get(row.id) ?? [], user.id))
    })
    sendJson(res, 200, list)
  })

  router.add('POST', '/api/chat/conversations/', async ({ req, res }) => {
    const user = await requireUser(ctx, req)
    const body = await readBody(req, ctx.options.limits.maxJsonBodyBytes)
    const others = await parseParticipants(ctx, body.participant_ids, user.id)
    const title = parseTitle(body.title)
    if (others.length === 1) {
      const key = directKey(user.id, others[0] as number)
      const existing = await ctx.storage.conversations.findDirect(key)
      if (existing !== null) return sendJson(res, 200, await conversationFor(ctx, existing, user))
      const id = await createOrFindDirect(ctx, [user.id, ...others], title, key)
      if (id.existed) return sendJson(res, 200, await conversationFor(ctx, id.value, user))
      void ctx.chat.conversationCreated(id.value)
      return sendJson(res, 201, await conversationFor(ctx, id.value, user))
    }
    const id = await ctx.storage.conversations.create([user.id, ...others], title, null)
    ctx.log.info({ conversationId: id, participants: others.length + 1 }, 'conversation created')
    void ctx.chat.conversationCreated(id)
    sendJson(res, 201, await conversationFor(ctx, id, user))
  })

  router.add('GET', '/api/chat/conversations/:id/', async ({ req, res, params }) => {
    const user = await requireUser(ctx, req)
    sendJson(res, 200, await conversationFor(ctx, await participantConversation(ctx, params.id, user), user))
  })

  router.add('GET', '/api/chat/conversations/:id/messages/', async ({ req, res, params, url }) => {
    const user = await requireUser(ctx, req)
    const conversationId = await participantConversation(ctx, params.id, user)
    const limit = queryInt(url, 'limit')
    const before = queryInt(url, 'before')
    // `around` is the search extension's; a seed server ignores it, and so does this one in seed-only mode.
    const around = before === null && ctx.features.includes(FEATURES.search) ? queryInt(url, 'around') : null
    const wire = wireFor(ctx, req, url)
    const { messages } = ctx.storage
    if (around !== null) {
      const page = await ctx.storage.readDurable(async () => {
        const target = await messages.get(around)
        if (!target || target.conversationId !== conversationId) throw notFound()
        return messages.around(conversationId, around, Math.min(limit ?? CHAT_LIMITS.aroundPage, MAX_PAGE))
      })
      return sendJson(res, 200, page.map((record) => toWireMessage(record, wire)))
    }
    const page = await ctx.storage.readDurable(() => messages.history(conversationId, before, Math.min(limit ?? DEFAULT_PAGE, MAX_PAGE)))
    sendJson(res, 200, page.map((record) => toWireMessage(record, wire)))
  })

  if (!ctx.options.seedOnly) {
    router.add('GET', '/api/chat/conversations/:id/messages/changes/', async ({ req, res, params, url }) => {
      const user = await requireUser(ctx, req)
      const conversationId = await participantConversation(ctx, params.id, user)
      const rawSince = url.searchParams.get('since')
      const since = nonNegativeInt(rawSince)
      if (since === null) throw new HttpError(400, { since: ['A valid integer is required.'] })
      const limit = Math.min(queryInt(url, 'limit') ?? CHAT_LIMITS.changesPage, CHAT_LIMITS.maxChangesPage)
      const wire = wireFor(ctx, req, url)
      const { messages } = ctx.storage
      const body = await ctx.storage.readDurable(async () => {
        const changed = await messages.changes(conversationId, since, limit + 1)
        const hasMore = changed.length > limit
        const page = changed.slice(0, limit)
        // While more remain, the next `since` is this page's last change, not the newest.
        const revision = hasMore ? (page.at(-1)?.revision ?? since) : await messages.newestRevision(conversationId)
        return { messages: page.map((record) => toWireMessage(record, wire)), revision, has_more: hasMore }
      })
      sendJson(res, 200, body)
    })
  }

  router.add('POST', '/api/chat/conversations/:id/mark_read/', async ({ req, res, params }) => {
    const user = await requireUser(ctx, req)
    const conversationId = await participantConversation(ctx, params.id, user)
    sendJson(res, 200, { marked: await ctx.chat.markRead(conversationId, user) })
  })
}

/** How a request's messages are serialized: its Host for file URLs, its `ext=` for extension keys. */
export function wireFor(ctx: ServerContext, req: IncomingMessage, url: URL): WireContext {
  return ctx.wireContext(ctx.baseUrlFor(req), parseExt(url.searchParams.get('ext'), ctx.features))
}

/** The conversation id when it exists and `user` takes part; 404 otherwise (no existence leak). */
export async function participantConversation(ctx: ServerContext, rawId: string | undefined, user: User): Promise<number> {
  const id = positiveInt(rawId)
  if (id === null || !(await ctx.storage.conversations.isParticipant(id, user.id))) throw notFound()
  return id
}

/** Carries the last message's preview: read when it is durable (Storage.readDurable). */
function conversationFor(ctx: ServerContext, conversationId: number, viewer: User): Promise<Conversation> {
  const { conversations } = ctx.storage
  return ctx.storage.readDurable(async () => {
    const row = await conversations.summary(conversationId, viewer.id)
    if (!row) throw notFound()
    return toWireConversation(row, await conversations.participants(conversationId), viewer.id)
  })
}

async function parseParticipants(ctx: ServerContext, value: unknown, callerId: number): Promise<number[]> {
  const fail = (why: string): never => { throw new HttpError(400, { participant_ids: [why] }) }
  if (value === undefined || value === null) fail('This field is required.')
  if (!Array.isArray(value)) fail(`Expected a list of items but got type "${typeof value}".`)
  const list = value as unknown[]
  if (list.length > MAX_PARTICIPANTS) fail(`Ensure this field has no more than ${MAX_PARTICIPANTS} elements.`)
  const ids = new Set<number>()
  for (const item of list) {
    if (typeof item !== 'number' || !Number.isSafeInteger(item) || item <= 0) fail(`Incorrect type. Expected pk value, received ${typeof item}.`)
    ids.add(item as number)
  }
  ids.delete(callerId)
  if (ids.size === 0) fail('Add at least one other participant.')
  const known = await ctx.storage.users.existingActive([...ids])
  for (const id of ids) if (!known.has(id)) fail(`Invalid pk "${id}" - object does not exist.`)
  return [...ids].sort((a, b) => a - b)
}

function parseTitle(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value !== 'string') throw new HttpError(400, { title: ['Not a valid string.'] })
  const title = stripInvisible(value).trim()
  if (title.length > 255) throw new HttpError(400, { title: ['Ensure this field has no more than 255 characters.'] })
  return title
}

/** Creates a 1:1; if another request created the same pair meanwhile, answers that one. */
async function createOrFindDirect(ctx: ServerContext, ids: number[], title: string, key: string): Promise<{ value: number; existed: boolean }> {
  try {
    return { value: await ctx.storage.conversations.create(ids, title, key), existed: false }
  } catch (error) {
    const existing = await ctx.storage.conversations.findDirect(key)
    if (existing === null) throw error
    return { value: existing, existed: true }
  }
}

/** A positive integer query parameter, null when absent; 400 `{name: ["A valid integer is required."]}` otherwise. */
export function queryInt(url: URL, name: string): number | null {
  const raw = url.searchParams.get(name)
  if (raw === null || raw === '') return null
  const value = positiveInt(raw)
  if (value === null) throw new HttpError(400, { [name]: ['A valid integer is required.'] })
  return value
}
