// JSON in and out, DRF style: 400 {"field": ["why"]}, 401/403/404 {"detail": "..."}.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { MAX_JSON_DEPTH, parseJsonBytes } from '../safe-json'

/** Thrown by handlers; the server turns it into the response. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly body: unknown, readonly headers: Record<string, string> = {}) {
    super(`HTTP ${status}`)
  }
}

export const notFound = (): HttpError => new HttpError(404, { detail: 'Not found.' })

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  })
  res.end(res.req.method === 'HEAD' ? undefined : text)
}

/**
 * Parses a JSON body into an object; anything else is a 400, and a body that is not
 * declared `application/json` is a 415. JSON only, on purpose: a page on any site can make
 * a browser POST a form (urlencoded, multipart, text/plain) or a typeless blob here without
 * asking, but sending `application/json` cross-site needs a CORS preflight this server never
 * grants, so no web page can register accounts or try passwords through a visitor's browser.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  const raw = await readRaw(req, maxBytes)
  if (raw.length === 0) return {}
  if (type !== 'application/json') {
    throw new HttpError(415, { detail: type ? `Unsupported media type "${type}" in request.` : 'Send the request body as JSON (Content-Type: application/json).' })
  }
  const parsed = parseJsonBytes(raw)
  if (parsed.kind === 'invalid') throw new HttpError(400, { detail: `JSON parse error - ${parsed.reason}` })
  if (parsed.kind === 'too-deep') throw new HttpError(400, { detail: `JSON parse error - nested more than ${MAX_JSON_DEPTH} levels` })
  if (parsed.kind === 'not-object') {
    const got = Array.isArray(parsed.value) ? 'list' : parsed.value === null ? 'null' : typeof parsed.value
    throw new HttpError(400, { non_field_errors: [`Invalid data. Expected a dictionary, but got ${got}.`] })
  }
  return parsed.value
}

function readRaw(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > maxBytes) return Promise.reject(tooLarge())
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        req.removeAllListeners('data')
        req.resume()
        reject(tooLarge())
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

const tooLarge = (): HttpError => new HttpError(413, { detail: 'Request body too large.' })
