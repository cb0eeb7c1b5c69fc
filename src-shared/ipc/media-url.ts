// The desktop renderer never loads a server's media URL itself: that would bypass main's
// transport (and its certificate pin) and need `http:`/`https:` in the page's CSP. It shows
// `parley-media://server/<server host[:port], encoded>/<path>?<query>` instead, which main
// answers (src-main/client/media-protocol.ts) by fetching that path from the signed-in server.
// The server is a path segment, not the URL's authority, because Electron parses custom
// standard schemes without a port (electron/electron#24725): `parley-media://host:8000/`
// would reach main as `parley-media://host/`.

/** The privileged scheme main registers for media (src-main/app/schemes.ts). */
export const MEDIA_SCHEME = 'parley-media'
/** The one authority of media URLs. */
export const MEDIA_HOST = 'server'

/**
 * The displayable URL of a server's `file_url`, or null when it is not an http(s) URL.
 * The server's host is kept only so main can refuse a URL of a server the user is not
 * signed in to; main picks the scheme (http or https) from the session, never from the page.
 */
export function toMediaUrl(fileUrl: string): string | null {
  let url: URL
  try {
    url = new URL(fileUrl)
  } catch {
    return null
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return null
  return `${MEDIA_SCHEME}://${MEDIA_HOST}/${encodeURIComponent(url.host)}${url.pathname}${url.search}`
}
