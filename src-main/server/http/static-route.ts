// The built web client (options.webRoot) at /, for LAN guests using a browser.
// Unknown paths without a file extension get index.html (client-side routes).
import type { IncomingMessage, ServerResponse } from 'node:http'
import send from 'send'
import { sendJson } from './respond'

// The page gets nothing from anywhere but this server: no CDN, font or icon host (LAN guests
// may have no internet at all, and a page that cannot reach out cannot leak either).
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:", "font-src 'self'",
  "connect-src 'self'", "media-src 'self' blob:", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ')

export function serveWebClient(req: IncomingMessage, res: ServerResponse, webRoot: string, pathname: string): Promise<void> {
  return new Promise((resolve) => {
    const serve = (path: string, fallback: boolean): void => {
      send(req, path, { root: webRoot, index: ['index.html'], dotfiles: 'ignore' })
        .on('headers', (response: ServerResponse) => {
          response.setHeader('X-Content-Type-Options', 'nosniff')
          response.setHeader('X-Frame-Options', 'DENY')
          response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
          response.setHeader('Referrer-Policy', 'no-referrer')
          if (path.endsWith('.html') || path.endsWith('/')) response.setHeader('Cache-Control', 'no-cache')
        })
        .on('error', (error: { status?: number }) => {
          if (fallback && error.status === 404 && !/\.[A-Za-z0-9]+$/.test(path)) return serve('/index.html', false)
          if (!res.headersSent) sendJson(res, error.status === 403 ? 403 : 404, { detail: 'Not found.' })
          resolve()
        })
        .on('end', resolve)
        .pipe(res)
    }
    res.on('close', resolve)
    serve(pathname, true)
  })
}
