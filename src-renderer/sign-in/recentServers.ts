// Servers this window signed in to, newest first. Addresses only: never credentials.
const KEY = 'parley.recentServers'
const LIMIT = 6

export function recentServers(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]')
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string').slice(0, LIMIT) : []
  } catch {
    return []
  }
}

export function rememberServer(server: string): void {
  try {
    const next = [server, ...recentServers().filter((item) => item !== server)].slice(0, LIMIT)
    localStorage.setItem(KEY, JSON.stringify(next))
  } catch {
    // Storage can be unavailable (private window, quota); recents are a convenience only.
  }
}
