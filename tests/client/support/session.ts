// Shortcuts for client tests: a user on the embedded server and a signed-in main process.
import type { InvokeEnvelope } from '../../../src-shared/ipc/rpc'
import type { OutboxItem, SessionInfo } from '../../../src-shared/ipc/contract'
import type { Message } from '../../../src-shared/protocol/types'
import type { EmbeddedServer } from './embedded-server'
import type { TestMainProcess } from './test-services'
import { waitUntil } from './wait'

let counter = 0

export interface TestUser {
  id: number
  email: string
  password: string
  fullName: string
}

export async function createUser(server: EmbeddedServer, fullName = 'Test User'): Promise<TestUser> {
  counter += 1
  const account = { email: `user${counter}-${process.pid}@example.com`, password: 'correct horse 1', fullName: `${fullName} ${counter}` }
  return { ...account, id: (await server.admin.createUser(account)).id }
}

export function value<T>(envelope: InvokeEnvelope<unknown>): T {
  if (!envelope.ok) throw new Error(`invoke failed: [${envelope.error.code}] ${envelope.error.message}`)
  return envelope.value as T
}

export async function signIn(main: TestMainProcess, server: EmbeddedServer, user: TestUser): Promise<SessionInfo> {
  return value<SessionInfo>(await main.invoke('session:sign-in', { server: server.url, email: user.email, password: user.password }))
}

/** The conversation's stored messages as the server has them (up to 500, oldest first). */
export async function serverMessages(server: EmbeddedServer, user: TestUser, conversationId: number): Promise<import('../../../src-shared/protocol/types').Message[]> {
  // Against a server issuing one-second access tokens (tokens.test.ts), a token whose second
  // is nearly over can expire between the login and the request on a loaded machine: sign
  // in again then.
  for (let attempt = 1; ; attempt += 1) {
    const login = await fetch(`${server.url}/api/auth/login/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    })
    const { tokens } = (await login.json()) as { tokens: { access: string } }
    const response = await fetch(`${server.url}/api/chat/conversations/${conversationId}/messages/?limit=500`, {
      headers: { Authorization: `Bearer ${tokens.access}` },
    })
    if (response.status === 401 && attempt < 3) continue
    if (!response.ok) throw new Error(`history: HTTP ${response.status}`)
    return (await response.json()) as import('../../../src-shared/protocol/types').Message[]
  }
}

export async function signedInConversation(main: TestMainProcess, server: EmbeddedServer): Promise<{ ada: TestUser; bob: TestUser; conversationId: number }> {
  const ada = await createUser(server, 'Ada')
  const bob = await createUser(server, 'Bob')
  const conversationId = (await server.admin.createConversation([ada.id, bob.id])).id
  await signIn(main, server, ada)
  return { ada, bob, conversationId }
}

/** Sends the file at `path` through main and waits for the server's stored message. */
export async function sendFileAndAwait(main: TestMainProcess, conversationId: number, path: string, caption?: string): Promise<{ item: OutboxItem; message: Message }> {
  const item = value<OutboxItem>(await main.invoke('messages:send-file', conversationId, path, ...(caption === undefined ? [] : [caption])))
  const sentState = () => main.events.find((e) => e.event === 'message-state'
    && (e.payload as OutboxItem).clientId === item.clientId && (e.payload as OutboxItem).messageId !== null)?.payload as OutboxItem | undefined
  await waitUntil(() => sentState() !== undefined, 'the file to be sent', 120_000)
  const messageId = sentState()!.messageId
  await waitUntil(() => main.events.some((e) => e.event === 'message' && (e.payload as Message).id === messageId), 'the file message')
  const message = main.events.find((e) => e.event === 'message' && (e.payload as Message).id === messageId)!.payload as Message
  return { item, message }
}
