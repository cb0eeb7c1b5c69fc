// /api/chat/conversations/… : list, create, detail, history, mark_read.
import type { Conversation, User } from '../../../src-shared/protocol/types'
import { stripInvisible } from '../../../src-shared/protocol/visible-text'
import type { ServerContext } from '../context'
import { toWireConversation, toWireMessage } from '../chat/serialize'
import { directKey } from '../db/conversations-repo'
import { requireUser } from './authenticate'
import { HttpError, notFound, readBody, sendJson } from './respond'
import type { Router } from './router'
import { positiveInt } from './validation'

const DEFAULT_PAGE = 100
const MAX_PAGE = 500
const MAX_PARTICIPANTS = 256

export function registerConversationRoutes(router: Router, ctx: ServerContext): void {
  router.add('GET', '/api/chat/conversations/', async ({ req, res }) => {
    const user = await requireUser(ctx, req)
    const list = await ctx.chat.readDurable(() => {
      const participants = ctx.conversations.participantsForUser(user.id)
      return ctx.conversations.listForUser(user.id).map((row) => toWireConversation(row, participants.get(row.id) ?? [], user.id))
    })
    sendJson(res, 200, list)
  })

  router.add('POST', '/api/chat/conversations/', async ({ req, res }) => {
    const user = await requireUser(ctx, req)
    const body = await readBody(req, ctx.options.limits.maxJsonBodyBytes)
    const others = parseParticipants(ctx, body.participant_ids, user.id)
    const title = parseTitle(body.title)
    if (others.length === 1) {
      const key = directKey(user.id, others[0] as number)
      const existing = ctx.conversations.findDirect(key)
      if (existing !== null) return sendJson(res, 200, await conversationFor(ctx, existing, user))
      const id = createOrFindDirect(ctx, [user.id, ...others], title, key)
      if (id.existed) return sendJson(res, 200, await conversationFor(ctx, id.value, user))
      ctx.chat.conversationCreated(id.value)
      return sendJson(res, 201, await conversationFor(ctx, id.value, user))
    }
    const id = ctx.conversations.create([user.id, ...others], title, null)
    ctx.log.info({ conversationId: id, participants: others.length + 1 }, 'conversation created')
    ctx.chat.conversationCreated(id)
    sendJson(res, 201, await conversationFor(ctx, id, user))
  })

  router.add('GET', '/api/chat/conversations/:id/', async ({ req, res, params }) => {
    const user = await requireUser(ctx, req)
    sendJson(res, 200, await conversationFor(ctx, participantConversation(ctx, params.id, user), user))
  })

  router.add('GET', '/api/chat/conversations/:id/messages/', async ({ req, res, params, url }) => {
    const user = await requireUser(ctx, req)
    const conversationId = participantConversation(ctx, params.id, user)
    const limit = queryInt(url, 'limit') ?? DEFAULT_PAGE
    const before = queryInt(url, 'before')
    const wire = ctx.wireContext(ctx.baseUrlFor(req))
    const page = await ctx.chat.readDurable(() => ctx.messages.history(conversationId, before, Math.min(limit, MAX_PAGE)))
    sendJson(res, 200, page.map((record) => toWireMessage(record, wire)))
  })

  router.add('POST', '/api/chat/conversations/:id/mark_read/', async ({ req, res, params }) => {
    const user = await requireUser(ctx, req)
    const conversationId = participantConversation(ctx, params.id, user)
    sendJson(res, 200, { marked: await ctx.chat.markRead(conversationId, user) })
  })
}

/** The conversation id when it exists and `user` takes part; 404 otherwise (no existence leak). */
function participantConversation(ctx: ServerContext, rawId: string | undefined, user: User): number {
  const id = positiveInt(rawId)
  if (id === null || !ctx.conversations.isParticipant(id, user.id)) throw notFound()
  return id
}

/** Carries the last message's preview: read when it is durable (ChatService.readDurable). */
function conversationFor(ctx: ServerContext, conversationId: number, viewer: User): Promise<Conversation> {
  return ctx.chat.readDurable(() => {
    const row = ctx.conversations.summary(conversationId, viewer.id)
    if (!row) throw notFound()
    return toWireConversation(row, ctx.conversations.participants(conversationId), viewer.id)
  })
}

function parseParticipants(ctx: ServerContext, value: unknown, callerId: number): number[] {
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
  const known = ctx.users.existingActive([...ids])
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
function createOrFindDirect(ctx: ServerContext, ids: number[], title: string, key: string): { value: number; existed: boolean } {
  try {
    return { value: ctx.conversations.create(ids, title, key), existed: false }
  } catch (error) {
    const existing = ctx.conversations.findDirect(key)
    if (existing === null) throw error
    return { value: existing, existed: true }
  }
}

function queryInt(url: URL, name: string): number | null {
  const raw = url.searchParams.get(name)
  if (raw === null || raw === '') return null
  const value = positiveInt(raw)
  if (value === null) throw new HttpError(400, { [name]: ['A valid integer is required.'] })
  return value
}
