// The renderer is served from app://parley/ instead of file:// (issue 10): a file:// page
// may read any file the user can, and its "origin" covers the whole disk. This handler
// answers only the files of the built renderer, with the CSP as a response header (a header
// covers every response; the meta tag it replaces covered only the HTML). Electron-free
// (Fetch API Request → Response), so tests run it in Node; app/protocols.ts registers it.
import { readFile, realpath } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import mime from 'mime-types'
import { MEDIA_SCHEME } from '../../src-shared/ipc/media-url'

export const APP_SCHEME = 'app'
export const APP_HOST = 'parley'
/** The renderer's origin: what the IPC sender check trusts (ipc/sender.ts). */
export const RENDERER_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const RENDERER_ENTRY_URL = `${RENDERER_ORIGIN}/index.html`

/** Media come through main's own scheme (client/media-protocol.ts), never from the network. */
const MEDIA_SOURCES = `'self' data: blob: ${MEDIA_SCHEME}:`

/**
 * The desktop renderer's Content-Security-Policy, the one place it is written. No network
 * origin at all: the page talks to main through the preload bridge only.
 */
export const RENDERER_CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", `img-src ${MEDIA_SOURCES}`, "font-src 'self'",
  "connect-src 'self'", `media-src ${MEDIA_SOURCES}`, "object-src 'none'", "base-uri 'none'", "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

export function rendererHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': RENDERER_CSP,
    'X-Content-Type-Options': 'nosniff',
    // A new build must never meet an old cached chunk.
    'Cache-Control': 'no-cache',
  }
}

export type ProtocolHandler = (request: Request) => Promise<Response>

export function createRendererProtocolHandler(rendererRoot: string): ProtocolHandler {
  const root = resolve(rendererRoot)
  return async (request) => {
    const file = await resolveRendererFile(root, request)
    if (typeof file === 'number') return refuse(file)
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      return refuse(404)
    }
    const type = mime.contentType(extname(file)) || 'application/octet-stream'
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: rendererHeaders(type) })
  }
}

/** The file a request names inside `root`, or the HTTP status refusing it. */
async function resolveRendererFile(root: string, request: Request): Promise<string | number> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return 405
  let url: URL
  try {
    url = new URL(request.url)
  } catch {
    return 400
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return 404
  let path: string
  try {
    path = decodeURIComponent(url.pathname)
  } catch {
    return 400
  }
  // The URL parser already folded "/../"; what is left here is an encoded one ("%2e%2e%2f"),
  // a backslash or a NUL: always an attempt, never a file of ours.
  if (path.includes('\0') || path.includes('\\') || path.split('/').includes('..')) return 403
  const wanted = resolve(root, `.${path === '/' ? '/index.html' : path}`)
  if (!inside(root, wanted)) return 403
  // A symlink inside the build must not lead out of it either.
  const real = await realpath(wanted).catch(() => null)
  if (real === null) return 404
  const realRoot = await realpath(root).catch(() => root)
  return inside(realRoot, real) ? real : 403
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel)
}

function refuse(status: number): Response {
  const words: Record<number, string> = { 400: 'Bad request', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed' }
  return new Response(words[status] ?? 'Error', { status, headers: rendererHeaders('text/plain; charset=utf-8') })
}
