// The slice of the shared chat engine (src-shared/client, `createChatClient`) that main
// uses, as an interface: the runtime is written against it and the composition roots
// pass the real factory.
import type { ChatClientDeps, FileSource } from '../../src-shared/client/deps'
import type {
  ConversationList, EventChannel, EventPayloads, HistoryPage, OutboxItem, ServerProbe, SessionInfo,
} from '../../src-shared/ipc/contract'
import type { AuthTokens, Conversation, User } from '../../src-shared/protocol/types'

export interface EngineSession {
  server: string
  user: User
  tokens: AuthTokens
  features: string[]
  limits: SessionInfo['limits']
}

export interface ChatEngine {
  readonly session: EngineSession | null
  probeServer(url: string): Promise<ServerProbe>
  signIn(credentials: { server: string; email: string; password: string }): Promise<EngineSession>
  register(form: { server: string; email: string; password: string; fullName: string; inviteCode?: string }): Promise<EngineSession>
  resume(saved: { server: string; tokens: AuthTokens; user?: User }): Promise<EngineSession>
  signOut(): Promise<void>
  listConversations(): Promise<ConversationList>
  createConversation(userIds: number[]): Promise<Conversation>
  searchUsers(query: string): Promise<User[]>
  history(conversationId: number, beforeId?: number): Promise<HistoryPage>
  sendText(conversationId: number, text: string): OutboxItem
  sendFile(conversationId: number, source: FileSource, caption?: string, fileRef?: string): OutboxItem
  retry(clientId: string): void
  discard(clientId: string): void
  outbox(conversationId: number): OutboxItem[]
  setTyping(conversationId: number, isTyping: boolean): void
  setViewing(conversationId: number | null): void
  setFocused(focused: boolean): void
  networkUp(): void
  networkDown(): void
  resumed(): void
  retryNow(): void
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void
}

export type CreateEngine = (deps: ChatClientDeps) => ChatEngine

/** Every event the engine emits, forwarded to the renderer. */
export const ENGINE_EVENTS = [
  'message', 'message-state', 'typing', 'receipt', 'connection', 'upload-progress', 'conversation', 'session-expired',
] as const satisfies readonly EventChannel[]
