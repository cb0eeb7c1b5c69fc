// Bearer authentication for REST, answering like DRF + SimpleJWT.
import type { IncomingMessage } from 'node:http'
import type { User } from '../../../src-shared/protocol/types'
import type { ServerContext } from '../context'
import { HttpError } from './respond'

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="api"' }

export async function requireUser(ctx: ServerContext, req: IncomingMessage): Promise<User> {
  const header = req.headers.authorization
  if (!header) throw new HttpError(401, { detail: 'Authentication credentials were not provided.' }, CHALLENGE)
  const [scheme, token, extra] = header.trim().split(/\s+/)
  if (scheme?.toLowerCase() !== 'bearer' || !token || extra !== undefined) {
    throw new HttpError(401, { detail: 'Authentication credentials were not provided.' }, CHALLENGE)
  }
  const auth = await ctx.sessions.authenticate(token)
  if (!auth) throw new HttpError(401, { detail: 'Given token not valid for any token type' }, CHALLENGE)
  return auth.user
}
