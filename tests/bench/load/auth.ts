// Access tokens for the load clients. Parley: the REST login every client does (POST
// /api/auth/login/ → tokens.access), once per user. Baseline: no auth, the "token" only
// names the user.
import type { ServerProcess } from '../harness/server-process'
import type { SetupSocket } from '../servers/ipc'
import { openMany } from './chat-socket'
import { fetchFor } from './tls-clients'

export async function login(serverUrl: string, email: string, password: string): Promise<string> {
  const response = await fetchFor(serverUrl)(`${serverUrl}/api/auth/login/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (!response.ok) throw new Error(`login ${email}: HTTP ${response.status} ${await response.text()}`)
  const body = (await response.json()) as { tokens?: { access?: string } }
  if (typeof body.tokens?.access !== 'string') throw new Error(`login ${email}: no tokens.access in answer`)
  return body.tokens.access
}

/** One token per distinct user of `sockets`, keyed by user id. */
export async function tokensFor(server: ServerProcess, sockets: SetupSocket[]): Promise<Map<number, string>> {
  const users = [...new Map(sockets.map((s) => [s.userId, s])).values()]
  const tokens = new Map<number, string>()
  if (server.kind === 'baseline') {
    for (const user of users) tokens.set(user.userId, user.email)
    return tokens
  }
  // Password hashing is deliberately slow; a few logins at a time keep it from starving the machine.
  await openMany(users.length, 4, async (i) => {
    const user = users[i] as SetupSocket
    tokens.set(user.userId, await login(server.url, user.email, user.password))
  })
  return tokens
}
