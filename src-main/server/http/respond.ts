// JSON in and out, DRF style: 400 {"field": ["why"]}, 401/403/404 {"detail": "..."}.
import type { IncomingMessage, ServerResponse } from 'node:http'

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

/** Parses a JSON (or form-encoded) body into an object; anything else is a 400. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Record<string, unknown>> {
  const raw = await readRaw(req, maxBytes)
  if (raw.length === 0) return {}
  const type = (req.headers['content-type'] ?? 'application/json').split(';')[0]?.trim().toLowerCase()
  if (type === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(raw.toString('utf8')))
  }
  if (type !== 'application/json' && type !== '') {
    throw new HttpError(415, { detail: `Unsupported media type "${type}" in request.` })
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(raw.toString('utf8'))
  } catch (error) {
    throw new HttpError(400, { detail: `JSON parse error - ${(error as Error).message}` })
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const got = Array.isArray(parsed) ? 'list' : parsed === null ? 'null' : typeof parsed
    throw new HttpError(400, { non_field_errors: [`Invalid data. Expected a dictionary, but got ${got}.`] })
  }
  return parsed as Record<string, unknown>
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
