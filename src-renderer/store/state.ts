// The shape of the renderer's state. One zustand store; feature folders read slices of it
// with selectors and change it only through the actions in ./actions.
import type {
  ConnectionStatus, OutboxItem, SessionInfo, Settings, UploadProgress,
} from '../../src-shared/ipc/contract'
import type { Conversation } from '../../src-shared/protocol/types'
import type { HistoryWindow } from './historyWindow'

export interface TypingPerson {
  userId: number
  name: string
}

export interface Notice {
  id: number
  text: string
}

export interface AppState {
  phase: 'starting' | 'signed-out' | 'signed-in' | 'no-bridge'
  session: SessionInfo | null
  /** Why the user is back at sign-in (session expired, signed out elsewhere). */
  signedOutReason: string | null
  settings: Settings
  conversations: Record<number, Conversation>
  conversationsLoaded: boolean
  conversationsLive: boolean
  conversationsError: string | null
  activeId: number | null
  /** Loaded history per conversation; only the active and the previous one are kept. */
  histories: Record<number, HistoryWindow>
  /** Sends not yet confirmed by the server (and failed ones), by client id. */
  outbox: Record<string, OutboxItem>
  uploads: Record<string, UploadProgress>
  typing: Record<number, TypingPerson[]>
  /** Keyed by 'list' or the conversation id. */
  connection: Record<string, ConnectionStatus>
  /** Text for the polite live region (new messages). */
  announcement: string
  notices: Notice[]
}

export const DEFAULT_SETTINGS: Settings = { closeToTray: false, notifications: true, theme: 'system' }

export function initialState(): AppState {
  return {
    phase: 'starting',
    session: null,
    signedOutReason: null,
    settings: DEFAULT_SETTINGS,
    conversations: {},
    conversationsLoaded: false,
    conversationsLive: true,
    conversationsError: null,
    activeId: null,
    histories: {},
    outbox: {},
    uploads: {},
    typing: {},
    connection: {},
    announcement: '',
    notices: [],
  }
}

/** State that belongs to one signed-in account; cleared on sign-out or expiry. */
export function signedOutState(): Partial<AppState> {
  const { settings: _settings, phase: _phase, ...rest } = initialState()
  return rest
}
