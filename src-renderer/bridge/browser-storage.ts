// Where the browser client keeps things. Tokens: sessionStorage only (gone with the tab, never
// shared with other tabs or written to disk by the page); settings and the text outbox:
// localStorage, so unsent messages survive a reload. Everything read back is checked: a
// stale or hand-edited value is dropped, never trusted.
import type { Settings } from '../../src-shared/ipc/contract'
import type { OutboxStorage, StoredOutboxEntry } from '../../src-shared/client'
import type { PrefsStorage } from '../../src-shared/client/deps'
import type { ConversationPrefs } from '../../src-shared/client/types'
import type { AuthTokens, User } from '../../src-shared/protocol/types'

const SESSION_KEY = 'parley.session.v1'
const SETTINGS_KEY = 'parley.settings.v1'
const OUTBOX_KEY = 'parley.outbox.v1'
const PREFS_KEY = 'parley.prefs.v1'

export interface SavedSession {
  server: string
  tokens: AuthTokens
  user: User
}

function readJson(storage: Storage, key: string): unknown {
  try {
    const text = storage.getItem(key)
    return text ? JSON.parse(text) : null
  } catch {
    return null
  }
}

function writeJson(storage: Storage, key: string, value: unknown): void {
  try {
    storage.setItem(key, JSON.stringify(value))
  } catch {
    // Quota or a privacy mode without storage: the session still works for this page.
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

export function loadSession(): SavedSession | null {
  const value = readJson(sessionStorage, SESSION_KEY)
  if (!isRecord(value) || typeof value.server !== 'string' || !isRecord(value.tokens) || !isRecord(value.user)) return null
  const { access, refresh } = value.tokens
  const { id, email } = value.user
  if (typeof access !== 'string' || typeof refresh !== 'string' || typeof id !== 'number' || typeof email !== 'string') return null
  return value as unknown as SavedSession
}

export function saveSession(session: SavedSession): void {
  writeJson(sessionStorage, SESSION_KEY, session)
}

export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY)
}

export const DEFAULT_BROWSER_SETTINGS: Settings = { closeToTray: false, notifications: false, theme: 'system' }

export function loadSettings(): Settings {
  const value = readJson(localStorage, SETTINGS_KEY)
  const stored = isRecord(value) ? value : {}
  const theme = stored.theme === 'light' || stored.theme === 'dark' ? stored.theme : 'system'
  return { ...DEFAULT_BROWSER_SETTINGS, theme, notifications: stored.notifications === true }
}

export function saveSettings(settings: Settings): void {
  writeJson(localStorage, SETTINGS_KEY, { theme: settings.theme, notifications: settings.notifications })
}

/**
 * The outbox in localStorage. File items are kept too (so the engine can fail them in
 * words after a reload), but their bytes cannot be: a File does not outlive its page.
 */
export function localStorageOutbox(): OutboxStorage {
  const all = (): Record<string, StoredOutboxEntry> => {
    const value = readJson(localStorage, OUTBOX_KEY)
    return isRecord(value) ? (value as Record<string, StoredOutboxEntry>) : {}
  }
  return {
    load: () => Object.values(all()).filter((entry) => isRecord(entry) && isRecord(entry.item) && typeof entry.seq === 'number'),
    put(entry) {
      writeJson(localStorage, OUTBOX_KEY, { ...all(), [entry.item.clientId]: entry })
    },
    remove(clientId) {
      const { [clientId]: _gone, ...rest } = all()
      writeJson(localStorage, OUTBOX_KEY, rest)
    },
  }
}

/**
 * Mute and marked-unread per conversation in localStorage, per account (server and user id),
 * so they outlive the tab like the desktop's. Only conversations with a choice are kept.
 */
export function localStoragePrefs(): PrefsStorage {
  const all = (): Record<string, Record<string, ConversationPrefs>> => {
    const value = readJson(localStorage, PREFS_KEY)
    return isRecord(value) ? (value as Record<string, Record<string, ConversationPrefs>>) : {}
  }
  const keyOf = ({ server, userId }: { server: string; userId: number }) => `${server}#${userId}`
  return {
    load(account) {
      const stored = all()[keyOf(account)]
      return isRecord(stored) ? Object.values(stored) : []
    },
    put(account, prefs) {
      const everything = all()
      const key = keyOf(account)
      const { [String(prefs.conversationId)]: _old, ...others } = isRecord(everything[key]) ? everything[key] : {}
      const mine = prefs.muted || prefs.markedUnread ? { ...others, [String(prefs.conversationId)]: prefs } : others
      writeJson(localStorage, PREFS_KEY, { ...everything, [key]: mine })
    },
  }
}
