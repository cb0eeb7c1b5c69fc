// parley-media://server/<server host[:port]>/media/… (src-shared/ipc/media-url.ts) → that
// path on the server of the active session, fetched through main's one HTTP transport (the client runtime's fetch, the one
// REST uses), streamed back with Range/conditional headers passed both ways. The renderer
// gets images this way instead of loading http(s) URLs itself, so every byte it shows came
// over main's connection. Electron-free: src-main/app/media-scheme.ts registers it with
// `protocol.handle`, the Playwright desktop bridge serves it from a loopback route.
import { DEFAULT_TIMEOUT_MS } from '../../src-shared/client/http'
import { MEDIA_HOST, MEDIA_SCHEME } from '../../src-shared/ipc/media-url'

/** The server of the active session and its access token (sent only to that server). */
export interface MediaSession {
  server: string
  accessToken: string | null
}

export interface MediaHandlerDeps {
  fetch: typeof globalThis.fetch
  /** The active session, or null when signed out. */
  session(): MediaSession | null
}

export type MediaHandler = (request: Request) => Promise<Response>

/** What the page may ask the server about: a byte range, and whether its cached copy is current. */
const REQUEST_HEADERS = ['range', 'if-range', 'if-none-match', 'if-modified-since']
/**
 * What the page needs back. Nothing else (no Set-Cookie, no server CSP meant for the
 * server's origin): content-length only when the body is passed on as sent (fetch decodes
 * a content-encoding, after which the length no longer matches).
 */
const RESPONSE_HEADERS = ['content-type', 'content-range', 'accept-ranges', 'etag', 'last-modified', 'cache-control', 'content-disposition']

const MEDIA_PREFIX = '/media/'

export function createMediaHandler(deps: MediaHandlerDeps): MediaHandler {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return refuse(405, 'Only GET and HEAD are answered here.', { Allow: 'GET, HEAD' })
    }
    const target = resolveTarget(request.url, deps.session())
    if (!target.ok) return refuse(target.status, target.message)

    const headers = new Headers()
    for (const name of REQUEST_HEADERS) {
      const value = request.headers.get(name)
      if (value) headers.set(name, value)
    }
    if (target.accessToken) headers.set('authorization', `Bearer ${target.accessToken}`)
    // fetch (the Fetch standard, undici) adds `Cache-Control: no-cache` to any conditional
    // request that has none, which makes the server answer 200 with the whole file instead
    // of 304. A conditional request means "revalidate": say exactly that.
    if (headers.has('if-none-match') || headers.has('if-modified-since')) headers.set('cache-control', 'max-age=0')
    // The timeout covers the wait for the server's answer, not the body: a long video
    // streams for as long as it is watched.
    const abort = new AbortController()
    const timer = setTimeout(() => abort.abort(), DEFAULT_TIMEOUT_MS)
    const cancel = () => abort.abort()
    request.signal?.addEventListener('abort', cancel, { once: true })
    let upstream: Response
    try {
      // redirect 'manual': a redirect elsewhere would leave the server the user signed in to.
      upstream = await deps.fetch(target.url, { method: request.method, headers, redirect: 'manual', signal: abort.signal })
    } catch {
      request.signal?.removeEventListener('abort', cancel)
      return refuse(502, "The server can't be reached.")
    } finally {
      clearTimeout(timer)
    }
    if (upstream.status >= 300 && upstream.status < 400 && upstream.status !== 304) {
      await upstream.body?.cancel().catch(() => {})
      return refuse(502, 'The server answered with a redirect; files are only fetched from the server you signed in to.')
    }
    const out = new Headers()
    for (const name of RESPONSE_HEADERS) {
      const value = upstream.headers.get(name)
      if (value) out.set(name, value)
    }
    const length = upstream.headers.get('content-length')
    if (length && !upstream.headers.has('content-encoding')) out.set('content-length', length)
    secure(out)
    // 204/304 and HEAD answers have no body (the Response constructor refuses one).
    const bodyless = request.method === 'HEAD' || upstream.status === 204 || upstream.status === 304
    if (bodyless) await upstream.body?.cancel().catch(() => {})
    return new Response(bodyless ? null : upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: out })
  }
}

type Target = { ok: true; url: string; accessToken: string | null } | { ok: false; status: number; message: string }

/** The server URL a parley-media URL stands for, or why it is refused. */
export function resolveTarget(raw: string, session: MediaSession | null): Target {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, status: 400, message: 'That is not a file address.' }
  }
  if (url.protocol !== `${MEDIA_SCHEME}:` || url.host !== MEDIA_HOST || url.username || url.password) {
    return { ok: false, status: 400, message: 'That is not a file address.' }
  }
  // "/<server host[:port]>/<path on that server>"
  const [, hostSegment = '', ...rest] = url.pathname.split('/')
  const path = `/${rest.join('/')}`
  if (!session) return { ok: false, status: 403, message: 'Sign in to see this file.' }
  const server = new URL(session.server)
  if (decodeSegment(hostSegment)?.toLowerCase() !== server.host.toLowerCase()) {
    return { ok: false, status: 403, message: 'That file is on a server you are not signed in to.' }
  }
  // A server may live under a path prefix (normalizeServerUrl keeps it): its media follows it.
  const prefix = `${server.pathname.replace(/\/+$/, '')}${MEDIA_PREFIX}`
  if (!path.startsWith(prefix)) return { ok: false, status: 403, message: 'Only files under /media/ are shown.' }
  if (!safeSegments(path.slice(prefix.length))) return { ok: false, status: 400, message: 'That file address is not allowed.' }
  return { ok: true, url: `${server.origin}${path}${url.search}`, accessToken: session.accessToken }
}

/**
 * Each segment, decoded, is a plain name: URL parsing already folds literal `..`, but an
 * encoded `%2e%2e`, `%2f` or `%5c` would reach the server as something else than it looks.
 */
function safeSegments(rest: string): boolean {
  if (!rest) return false
  return rest.split('/').every((segment) => {
    const name = decodeSegment(segment)
    return name !== null && name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name)
  })
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

/** Served under our own scheme: never sniffed, never a document that could run script. */
function secure(headers: Headers): void {
  headers.set('x-content-type-options', 'nosniff')
  headers.set('content-security-policy', "default-src 'none'; sandbox")
}

function refuse(status: number, message: string, extra: Record<string, string> = {}): Response {
  const headers = new Headers({ 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...extra })
  secure(headers)
  return new Response(message, { status, headers })
}
