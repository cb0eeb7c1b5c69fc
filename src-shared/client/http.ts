// One JSON request over the injected fetch, with a timeout, turned into status + body or
// a ParleyError in words. No tokens or bodies are logged.
import type { Clock } from './deps'
import { describeErrorBody, notCompatible, ParleyError, parleyError, unreachable } from './errors'

export interface HttpRequest {
  method: 'GET' | 'POST'
  path: string
  query?: Record<string, string | number | undefined>
  body?: unknown
  accessToken?: string
  timeoutMs?: number
}

export interface HttpResponse {
  status: number
  /** Parsed JSON, or undefined when the body was empty or not JSON. */
  body: unknown
  json: boolean
}

export const DEFAULT_TIMEOUT_MS = 15_000

export async function httpJson(fetchFn: typeof fetch, clock: Clock, server: string, request: HttpRequest): Promise<HttpResponse> {
  const url = new URL(`${server}${request.path}`)
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value))
  }
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (request.body !== undefined) headers['Content-Type'] = 'application/json'
  if (request.accessToken) headers.Authorization = `Bearer ${request.accessToken}`
  const abort = new AbortController()
  const timer = clock.setTimeout(() => abort.abort(), request.timeoutMs ?? DEFAULT_TIMEOUT_MS)
  const send = async () => {
    const answer = await fetchFn(url.toString(), {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: abort.signal,
    })
    return { answer, body: await answer.text() }
  }
  let response: Response
  let text: string
  try {
    // After a server restart the first request can go out on a pooled keep-alive socket the
    // old server already closed, and fail before the server ever saw it: one immediate
    // retry on a fresh connection tells that apart from a server that is really down.
    const result = await send().catch((error: unknown) => {
      // A refusal in words (main's refused TLS certificate) is final, not a stale socket.
      if (abort.signal.aborted || error instanceof ParleyError) throw error
      return send()
    })
    response = result.answer
    text = result.body
  } catch (error) {
    if (error instanceof ParleyError && !abort.signal.aborted) throw error
    throw unreachable(server)
  } finally {
    clock.clearTimeout(timer)
  }
  if (!text) return { status: response.status, body: undefined, json: false }
  try {
    return { status: response.status, body: JSON.parse(text) as unknown, json: true }
  } catch {
    return { status: response.status, body: text, json: false }
  }
}

/** Maps a non-2xx answer (other than 401, which callers handle) to a ParleyError. */
export function errorFor(server: string, response: HttpResponse): Error {
  const said = response.json ? describeErrorBody(response.body) : null
  const { status } = response
  if (status === 403) return parleyError('forbidden', said ?? 'The server refused this request.')
  if (status === 404) return parleyError('not-found', said && said !== 'Not found.' ? said : 'Not found on the server.')
  if (status === 413) return parleyError('too-large', said ?? 'Too large for this server.')
  // 429 (sign-in throttle) and 503 (server busy) say when to come back in their detail.
  if (status === 429) return parleyError('server', said ? `Too many attempts. ${said}` : 'The server is busy. Try again in a moment.')
  if (status === 503 && said) return parleyError('server', said)
  if (status >= 500) return parleyError('server', `The server had a problem (HTTP ${status}). Try again shortly.`)
  if (!response.json && status !== 400) return notCompatible(server)
  return parleyError('invalid-argument', said ?? `The server rejected the request (HTTP ${status}).`)
}

/** A 2xx answer must be JSON; anything else means we are not talking to a chat server. */
export function expectJson(server: string, response: HttpResponse): unknown {
  if (!response.json) throw notCompatible(server)
  return response.body
}
