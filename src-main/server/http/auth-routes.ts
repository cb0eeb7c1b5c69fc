// POST /api/auth/register/, /login/, /token/refresh/ and GET /api/auth/profile/.
import type { AuthResponse } from '../../../src-shared/protocol/types'
import { HashQueueFull } from '../auth/hash-queue'
import { hashPassword, verifyPassword } from '../auth/passwords'
import type { ServerContext } from '../context'
import { requireUser } from './authenticate'
import { HttpError, readBody, sendJson } from './respond'
import type { Router } from './router'
import { FieldErrors } from './validation'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
export const MIN_PASSWORD = 8

export function registerAuthRoutes(router: Router, ctx: ServerContext): void {
  const maxBody = ctx.options.limits.maxJsonBodyBytes

  router.add('POST', '/api/auth/register/', async ({ req, res }) => {
    ctx.registration.ensureAccepting()
    const body = await readBody(req, maxBody)
    const errors = new FieldErrors()
    const email = errors.string(body, 'email', { max: 254 })
    if (email !== undefined && !EMAIL.test(email)) errors.add('email', 'Enter a valid email address.')
    const password = errors.string(body, 'password', { max: 1024, trim: false })
    if (password !== undefined && password.length < MIN_PASSWORD) {
      errors.add('password', `This password is too short. It must contain at least ${MIN_PASSWORD} characters.`)
    }
    const fullName = errors.string(body, 'full_name', { max: 150, name: true })
    const userType = errors.string(body, 'user_type', { max: 50, required: false }) ?? 'talker'
    // Parley extension: only read in invite mode, so seed clients never meet it.
    const inviteCode = ctx.registration.needsInvite ? errors.string(body, 'invite_code', { max: 64, required: false }) : undefined
    errors.throwIfAny()
    const passwordHash = await hashed(ctx, () => hashPassword(password as string))
    const cleanEmail = (email as string).toLowerCase()
    const user = await ctx.registration.admit(cleanEmail, inviteCode, () => ctx.storage.users.create({
      email: cleanEmail,
      fullName: fullName as string,
      userType,
      passwordHash,
    }))
    if (!user) throw new HttpError(400, { email: ['user with this email already exists.'] })
    ctx.log.info({ userId: user.id }, 'user registered')
    const answer: AuthResponse = { message: 'User registered successfully', user, tokens: await ctx.sessions.signIn(user.id) }
    sendJson(res, 201, answer)
  })

  router.add('POST', '/api/auth/login/', async ({ req, res }) => {
    const body = await readBody(req, maxBody)
    const errors = new FieldErrors()
    const email = errors.string(body, 'email', { max: 254 })
    const password = errors.string(body, 'password', { max: 1024, trim: false })
    errors.throwIfAny()
    // Known and unknown emails are throttled alike, so the throttle does not reveal accounts.
    const attempt = await ctx.loginThrottle.attempt(email as string, ctx.proxies.clientAddress(req))
    if (!attempt.ok) {
      await ctx.loginThrottle.holdRefusal()
      const seconds = attempt.retryAfterSeconds
      throw new HttpError(429, { detail: `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? '' : 's'}.` }, { 'Retry-After': String(seconds) })
    }
    const found = await ctx.storage.users.findByEmail(email as string)
    const usable = found?.active ? found : null
    // verifyPassword runs scrypt even for unknown emails, so timing does not reveal accounts.
    const ok = await hashed(ctx, () => verifyPassword(password as string, usable?.passwordHash ?? null))
    if (!ok || !usable) throw new HttpError(401, { error: 'Invalid credentials' })
    await attempt.succeeded()
    const answer: AuthResponse = { message: 'Login successful', user: usable.user, tokens: await ctx.sessions.signIn(usable.user.id) }
    sendJson(res, 200, answer)
  })

  router.add('POST', '/api/auth/token/refresh/', async ({ req, res }) => {
    const body = await readBody(req, maxBody)
    const errors = new FieldErrors()
    const refresh = errors.string(body, 'refresh', { max: 4096 })
    errors.throwIfAny()
    const result = await ctx.sessions.refresh(refresh as string)
    if (result.kind === 'reused') {
      // Its sockets close: the storage announced the revocation (auth/session-watch.ts).
      ctx.log.warn({ session: result.sessionId }, 'refresh token reused: session revoked')
      throw new HttpError(401, { detail: 'Token is blacklisted' })
    }
    if (result.kind === 'invalid') throw new HttpError(401, { detail: 'Token is invalid or expired' })
    // SimpleJWT with ROTATE_REFRESH_TOKENS: the new refresh token next to the access token.
    sendJson(res, 200, result.tokens)
  })

  router.add('GET', '/api/auth/profile/', async ({ req, res }) => {
    sendJson(res, 200, await requireUser(ctx, req))
  })
}

/** Password work through the server's hash queue; a full queue is a 503 the client may retry. */
async function hashed<T>(ctx: ServerContext, work: () => Promise<T>): Promise<T> {
  try {
    return await ctx.hashQueue.run(work)
  } catch (error) {
    if (!(error instanceof HashQueueFull)) throw error
    await ctx.loginThrottle.holdRefusal()
    throw new HttpError(503, { detail: 'The server is busy checking other sign-ins. Try again in a moment.' }, { 'Retry-After': '1' })
  }
}
