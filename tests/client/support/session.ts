// Shortcuts for client tests: a user on the embedded server and a signed-in main process.
import type { InvokeEnvelope } from '../../../src-shared/ipc/rpc'
import type { SessionInfo } from '../../../src-shared/ipc/contract'
import type { EmbeddedServer } from './embedded-server'
import type { TestMainProcess } from './test-services'

let counter = 0

export interface TestUser {
  id: number
  email: string
  password: string
  fullName: string
}

export function createUser(server: EmbeddedServer, fullName = 'Test User'): TestUser {
  counter += 1
  const account = { email: `user${counter}-${process.pid}@example.com`, password: 'correct horse 1', fullName: `${fullName} ${counter}` }
  return { ...account, id: server.admin.createUser(account).id }
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
  const login = await fetch(`${server.url}/api/auth/login/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: user.password }),
  })
  const { tokens } = (await login.json()) as { tokens: { access: string } }
  const response = await fetch(`${server.url}/api/chat/conversations/${conversationId}/messages/?limit=500`, {
    headers: { Authorization: `Bearer ${tokens.access}` },
  })
  if (!response.ok) throw new Error(`history: HTTP ${response.status}`)
  return (await response.json()) as import('../../../src-shared/protocol/types').Message[]
}
