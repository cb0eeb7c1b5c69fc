// GET /media/chat_files/… : stored files, with Range, ETag and Content-Type via `send`.
// With extensions on, a valid unexpired signature (media/signing.ts) is required; the
// file must belong to a stored message; paths are resolved and kept inside the media root.
import type { ServerResponse } from 'node:http'
import { extname } from 'node:path'
import { contentType } from 'mime-types'
import send from 'send'
import type { ServerContext } from '../context'
import { mediaUrlPath } from '../chat/serialize'
import { HttpError, notFound, sendJson } from './respond'
import type { Router } from './router'

/** Types a browser may render in place; anything else downloads, sandboxed. */
const INLINE = /^(image\/(png|jpeg|gif|webp|avif|bmp)|audio\/|video\/|application\/pdf$|text\/plain)/

export function registerMediaRoute(router: Router, ctx: ServerContext): void {
  router.add('GET', '/media/*', async ({ req, res, params, url }) => {
    const storedPath = decodeStoredPath(params['*'] ?? '')
    if (!storedPath || !ctx.media.resolveStored(storedPath)) throw notFound()
    if (ctx.signer) {
      const check = ctx.signer.check(mediaUrlPath(storedPath), url.searchParams.get('exp'), url.searchParams.get('sig'))
      if (check === 'expired') throw new HttpError(403, { detail: 'This file link has expired. Reload the conversation for a fresh one.' })
      if (check !== 'ok') throw new HttpError(403, { detail: 'A valid file link signature is required.' })
    }
    const owner = await ctx.storage.messages.attachmentOwner(storedPath)
    if (!owner) throw notFound()
    return new Promise<void>((resolve) => {
      send(req, `/${storedPath}`, { root: ctx.media.root, dotfiles: 'deny', index: false, maxAge: '1d', immutable: true })
        .on('headers', (response: ServerResponse) => setSafetyHeaders(response, storedPath, owner.filename))
        .on('error', (error: { status?: number }) => {
          if (!res.headersSent) sendJson(res, error.status === 416 ? 416 : 404, { detail: 'Not found.' })
          resolve()
        })
        .on('end', resolve)
        .pipe(res)
      res.on('close', resolve)
    })
  })
}

/** "chat_files/2026/01/14/x_y.pdf" from the raw URL tail, or null for anything suspicious. */
export function decodeStoredPath(raw: string): string | null {
  let segments: string[]
  try {
    segments = raw.split('/').map((s) => decodeURIComponent(s))
  } catch {
    return null
  }
  const bad = segments.some((s) => s === '' || s === '.' || s === '..' || /[\\\0]/.test(s) || s.includes('/'))
  if (bad || segments[0] !== 'chat_files') return null
  return segments.join('/')
}

/**
 * Runs at `send`'s 'headers' event, which comes before send sets Content-Type; so the type
 * is set here, from the stored name as send would (send keeps a Content-Type already set).
 * Deciding on the header send had not set yet made every file an attachment.
 */
function setSafetyHeaders(res: ServerResponse, storedPath: string, filename: string): void {
  const type = contentType(extname(storedPath)) || 'application/octet-stream'
  res.setHeader('Content-Type', type)
  const inline = INLINE.test(type)
  res.setHeader('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(filename)}`)
  res.setHeader('X-Content-Type-Options', 'nosniff')
  // The web client shares this origin: a stored HTML/SVG file must never run script here.
  if (!inline) res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox")
  res.setHeader('Cache-Control', 'private, max-age=86400, immutable')
}
