// Public surface of the chat engine (see src-shared/README.md).
export { createChatClient, HISTORY_PAGE_SIZE, type ChatClient } from './chat-client'
export { ENGINE_EVENTS, type ClientSession, type EngineEvent, type EngineEvents } from './types'
export type { ChatClientDeps, Clock, FileSource, Logger, OutboxStorage, SocketFactory, SocketLike, StoredOutboxEntry } from './deps'
export { systemClock } from './deps'
export { ParleyError, toParleyError } from './errors'
export { defaultOptions, type EngineOptions } from './options'
export { normalizeServerUrl } from './server-url'
export { parseFrame, type ServerEvent } from './parse-frame'
