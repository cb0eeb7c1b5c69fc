// The shape of the renderer's state. One zustand store; feature folders read slices of it
// with selectors and change it only through the actions in ./actions.
import type {
  ConnectionStatus, ConversationPrefs, OutboxItem, SessionInfo, Settings, UploadProgress,
} from '../../src-shared/ipc/contract'
import type { Conversation, Message } from '../../src-shared/protocol/types'
import type { HistoryWindow } from './historyWindow'

export interface TypingPerson {
  userId: number
  name: string
}

export interface Notice {
  id: number
  text: string
}

/** A message to bring into view and highlight (a search result, a reply's original). */
export interface FocusedMessage {
  conversationId: number
  messageId: number
  /** Bumped on every request, so choosing the same message again scrolls to it again. */
  seq: number
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
  /** This device's mute and marked-unread choices, by conversation (the engine's). */
  prefs: Record<number, ConversationPrefs>
  /** The message the composer is answering, by conversation. */
  replyingTo: Record<number, Message>
  /** The message being edited in place, if any. */
  editing: { conversationId: number; messageId: number } | null
  focused: FocusedMessage | null
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
    prefs: {},
    replyingTo: {},
    editing: null,
    focused: null,
    announcement: '',
    notices: [],
  }
}

/** State that belongs to one signed-in account; cleared on sign-out or expiry. */
export function signedOutState(): Partial<AppState> {
  const { settings: _settings, phase: _phase, ...rest } = initialState()
  return rest
}
