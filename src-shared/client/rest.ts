// The seed's REST surface (Part B, docs/protocol.md "Seed surface"). Authenticated calls refresh the access token
// silently on a 401 and retry once; when the refresh itself is refused the session is
// over and `onExpired` tells the host.
import type { AuthResponse, AuthTokens, Conversation, Message, MessageChanges, SearchResponse, SearchResult, ServerInfo, User } from '../protocol/types'
import type { ServerProbe } from './types'
import type { Clock } from './deps'
import { notCompatible, parleyError, sessionExpired } from './errors'
import { errorFor, expectJson, httpJson, type HttpRequest, type HttpResponse } from './http'
import { parseConversation, parseMessage, parseMessages, parseUser } from './schemas'

export interface RestDeps {
  fetch: typeof fetch
  clock: Clock
}

function parseAuth(server: string, body: unknown): AuthResponse {
  const record = (body ?? {}) as Record<string, unknown>
  const user = parseUser(record.user)
  const tokens = record.tokens as Record<string, unknown> | undefined
  // Some deployments answer SimpleJWT's flat {access, refresh} next to the user.
  const access = tokens?.access ?? record.access
  const refresh = tokens?.refresh ?? record.refresh
  if (!user || typeof access !== 'string' || typeof refresh !== 'string') throw notCompatible(server)
  return { message: typeof record.message === 'string' ? record.message : '', user, tokens: { access, refresh } }
}

export async function login(deps: RestDeps, server: string, email: string, password: string): Promise<AuthResponse> {
  const response = await httpJson(deps.fetch, deps.clock, server, { method: 'POST', path: '/api/auth/login/', body: { email, password } })
  if (response.status === 401) {
    throw parleyError('unauthorized', 'Wrong email or password.')
  }
  if (response.status === 404) throw notCompatible(server)
  if (response.status < 200 || response.status >= 300) throw errorFor(server, response)
  return parseAuth(server, expectJson(server, response))
}

export interface Registration {
  email: string
  password: string
  fullName: string
  inviteCode?: string
}

export async function register(deps: RestDeps, server: string, form: Registration): Promise<AuthResponse> {
  const body: Record<string, string> = { email: form.email, password: form.password, full_name: form.fullName }
  if (form.inviteCode) body.invite_code = form.inviteCode
  const response = await httpJson(deps.fetch, deps.clock, server, { method: 'POST', path: '/api/auth/register/', body })
  if (response.status === 403) throw parleyError('forbidden', 'This server does not allow new accounts. Ask its host to add you.')
  if (response.status === 404) throw notCompatible(server)
  if (response.status < 200 || response.status >= 300) throw errorFor(server, response)
  return parseAuth(server, expectJson(server, response))
}

/** A probe's answer, and for the engine: the info it read, and whether the server answered at all (false: asking again may tell more). */
export type ProbeResult = ServerProbe & { info?: ServerInfo; reached: boolean }

/** What is at this address: a Parley server, a seed-compatible one, or neither. */
export async function probeServer(deps: RestDeps, server: string): Promise<ProbeResult> {
  let info: HttpResponse
  try {
    info = await httpJson(deps.fetch, deps.clock, server, { method: 'GET', path: '/api/parley/info/', timeoutMs: 5_000 })
  } catch (error) {
    return { ok: false, kind: 'unknown', registration: 'unknown', error: (error as Error).message, reached: false }
  }
  const body = info.body as Partial<ServerInfo> | undefined
  if (info.status === 200 && info.json && body?.server === 'parley') {
    const registration = body.registration === 'open' || body.registration === 'invite' ? body.registration : 'closed'
    return { ok: true, kind: 'parley', registration, ...(typeof body.name === 'string' ? { name: body.name } : {}), info: body as ServerInfo, reached: true }
  }
  // A seed (DRF + SimpleJWT) server has no info endpoint but rejects an anonymous profile
  // request with 401 {"detail": ...}.
  try {
    const profile = await httpJson(deps.fetch, deps.clock, server, { method: 'GET', path: '/api/auth/profile/', timeoutMs: 5_000 })
    if ((profile.status === 401 || profile.status === 403) && profile.json) return { ok: true, kind: 'seed', registration: 'unknown', reached: true }
  } catch (error) {
    return { ok: false, kind: 'unknown', registration: 'unknown', error: (error as Error).message, reached: false }
  }
  return { ok: false, kind: 'unknown', registration: 'unknown', error: notCompatible(server).message, reached: true }
}

const MAX_SEARCH_RESULTS = 50
const MAX_SNIPPET_CHARS = 1_000

export interface AuthedRestOptions extends RestDeps {
  server: string
  tokens: AuthTokens
  onTokens: (tokens: AuthTokens) => void
  onExpired: (reason: string) => void
  /** The `ext` to declare on message and search requests (extensions.ts); read per request. */
  ext?: () => string | undefined
}

export interface MessagePage {
  limit?: number
  before?: number
  /** `search` extension: a page around this message id. */
  around?: number
}

export class AuthedRest {
  private tokens: AuthTokens
  private refreshing: Promise<string> | null = null
  private expired = false

  constructor(private readonly options: AuthedRestOptions) {
    this.tokens = { ...options.tokens }
  }

  get server(): string {
    return this.options.server
  }

  get accessToken(): string {
    return this.tokens.access
  }

  get isExpired(): boolean {
    return this.expired
  }

  /** Exchanges the refresh token for a new access token; concurrent callers share one request. */
  refreshAccess(): Promise<string> {
    if (this.expired) return Promise.reject(sessionExpired())
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null
    })
    return this.refreshing
  }

  private async doRefresh(): Promise<string> {
    const { fetch, clock, server } = this.options
    const response = await httpJson(fetch, clock, server, { method: 'POST', path: '/api/auth/token/refresh/', body: { refresh: this.tokens.refresh } })
    if (response.status === 401 || response.status === 400 || response.status === 403) {
      this.expire('The server no longer accepts this sign-in.')
      throw sessionExpired()
    }
    if (response.status < 200 || response.status >= 300) throw errorFor(server, response)
    const body = expectJson(server, response) as Record<string, unknown>
    if (typeof body.access !== 'string') throw notCompatible(server)
    // SimpleJWT with ROTATE_REFRESH_TOKENS answers a new refresh token too.
    this.tokens = { access: body.access, refresh: typeof body.refresh === 'string' ? body.refresh : this.tokens.refresh }
    this.options.onTokens({ ...this.tokens })
    return this.tokens.access
  }

  expire(reason: string): void {
    if (this.expired) return
    this.expired = true
    this.options.onExpired(reason)
  }

  private async send(request: Omit<HttpRequest, 'accessToken'>): Promise<unknown> {
    if (this.expired) throw sessionExpired()
    const { fetch, clock, server } = this.options
    let response = await httpJson(fetch, clock, server, { ...request, accessToken: this.tokens.access })
    if (response.status === 401) {
      const access = await this.refreshAccess()
      response = await httpJson(fetch, clock, server, { ...request, accessToken: access })
      if (response.status === 401) {
        this.expire('The server rejected a freshly refreshed sign-in.')
        throw sessionExpired()
      }
    }
    if (response.status < 200 || response.status >= 300) throw errorFor(server, response)
    return expectJson(server, response)
  }

  async profile(): Promise<User> {
    const user = parseUser(await this.send({ method: 'GET', path: '/api/auth/profile/' }))
    if (!user) throw notCompatible(this.server)
    return user
  }

  async conversations(): Promise<Conversation[]> {
    const body = await this.send({ method: 'GET', path: '/api/chat/conversations/' })
    const list = Array.isArray(body) ? body : (body as { results?: unknown })?.results
    if (!Array.isArray(list)) throw notCompatible(this.server)
    return list.map(parseConversation).filter((c): c is Conversation => c !== null)
  }

  async conversation(id: number): Promise<Conversation> {
    const conversation = parseConversation(await this.send({ method: 'GET', path: `/api/chat/conversations/${id}/` }))
    if (!conversation) throw notCompatible(this.server)
    return conversation
  }

  async createConversation(participantIds: number[]): Promise<Conversation> {
    const body = await this.send({ method: 'POST', path: '/api/chat/conversations/', body: { participant_ids: participantIds } })
    const conversation = parseConversation(body)
    if (!conversation) throw notCompatible(this.server)
    return conversation
  }

  /** Oldest first: the newest `limit` messages older than `before`, or the page around `around`. */
  async messages(conversationId: number, page: MessagePage = {}): Promise<Message[]> {
    const body = await this.send({
      method: 'GET',
      path: `/api/chat/conversations/${conversationId}/messages/`,
      query: { limit: page.limit, before: page.before, around: page.around, ext: this.options.ext?.() },
    })
    const parsed = parseMessages(body, conversationId)
    if (!parsed.ok) throw notCompatible(this.server)
    return parsed.messages.sort((a, b) => a.id - b.id)
  }

  /** Messages of the conversation changed after revision `since`, oldest change first. */
  async changes(conversationId: number, since: number, limit?: number): Promise<MessageChanges> {
    const body = (await this.send({
      method: 'GET',
      path: `/api/chat/conversations/${conversationId}/messages/changes/`,
      query: { since, limit, ext: this.options.ext?.() },
    })) as Partial<MessageChanges> | null
    const parsed = parseMessages(body?.messages, conversationId)
    if (!parsed.ok || typeof body?.revision !== 'number' || typeof body.has_more !== 'boolean') throw notCompatible(this.server)
    return { messages: parsed.messages, revision: body.revision, has_more: body.has_more }
  }

  /** Full-text search over the user's conversations (`search` extension), newest first. */
  async search(query: { q: string; conversation?: number; before?: number; limit?: number }): Promise<SearchResponse> {
    const body = (await this.send({
      method: 'GET',
      path: '/api/parley/search/',
      query: { ...query, ext: this.options.ext?.() },
    })) as { results?: unknown; has_more?: unknown } | null
    if (!Array.isArray(body?.results) || typeof body.has_more !== 'boolean') throw notCompatible(this.server)
    const results: SearchResult[] = []
    // Bounded: a page is at most 50 results of ~160-character snippets (docs/protocol.md "Search").
    for (const raw of (body.results as unknown[]).slice(0, MAX_SEARCH_RESULTS)) {
      const record = (raw ?? {}) as { message?: unknown; snippet?: unknown; highlights?: unknown }
      const message = parseMessage(record.message)
      if (!message.ok || typeof record.snippet !== 'string' || record.snippet.length > MAX_SNIPPET_CHARS) continue
      const snippet = record.snippet
      results.push({ message: message.message, snippet, highlights: validRanges(record.highlights, snippet.length) })
    }
    return { results, has_more: body.has_more }
  }

  async markRead(conversationId: number): Promise<void> {
    await this.send({ method: 'POST', path: `/api/chat/conversations/${conversationId}/mark_read/` })
  }

  async searchUsers(query: string): Promise<User[]> {
    const body = await this.send({ method: 'GET', path: '/api/users/', query: { search: query } })
    const list = Array.isArray(body) ? body : (body as { results?: unknown })?.results
    if (!Array.isArray(list)) throw notCompatible(this.server)
    return list.map(parseUser).filter((u): u is User => u !== null)
  }
}

/** [start, end) ranges inside a text of `length`, in order; anything else is dropped. */
function validRanges(raw: unknown, length: number): Array<[number, number]> {
  if (!Array.isArray(raw)) return []
  return raw.filter((range): range is [number, number] =>
    Array.isArray(range) && range.length === 2 && Number.isInteger(range[0]) && Number.isInteger(range[1])
    && range[0] >= 0 && range[0] < range[1] && range[1] <= length).slice(0, 100)
}
