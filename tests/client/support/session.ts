// Shortcuts for client tests: a user on the embedded server and a signed-in main process.
import type { InvokeEnvelope } from '../../../src-shared/ipc/bridge'
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
