// The user types "192.168.1.20:8000" or "https://chat.example.com/"; the engine needs
// one canonical origin for REST and the matching ws(s) origin for sockets.

/** Canonical http(s) origin (plus path prefix, without trailing slash), or null if unusable. */
export function normalizeServerUrl(input: string): string | null {
  const trimmed = input.trim()
  if (!trimmed) return null
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`)
  } catch {
    return null
  }
  if (url.protocol === 'ws:') url.protocol = 'http:'
  if (url.protocol === 'wss:') url.protocol = 'https:'
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  if (url.username || url.password) return null
  const path = url.pathname.replace(/\/+$/, '')
  return `${url.protocol}//${url.host}${path}`
}

/**
 * ws(s) URL of a socket path such as `/ws/chat/3/`, with the access token as the seed
 * requires and the declared Message extensions (`ext`, extensions.ts) when there are any.
 */
export function socketUrl(server: string, path: string, accessToken: string, ext?: string): string {
  const ws = server.replace(/^http/, 'ws')
  return `${ws}${path}?token=${encodeURIComponent(accessToken)}${ext ? `&ext=${encodeURIComponent(ext)}` : ''}`
}
