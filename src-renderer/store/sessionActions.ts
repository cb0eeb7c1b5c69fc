import type { SessionInfo, Settings } from '../../src-shared/ipc/contract'
import { describeError } from './errors'
import type { StoreContext } from './context'
import { pushNotice } from './context'
import { DEFAULT_SETTINGS, signedOutState } from './state'
import { loadConversations } from './conversationActions'
import { loadPrefs } from './chatActions'
import { rememberServer } from '../sign-in/recentServers'
import { toParleyError } from '../../src-shared/client/errors'

export interface SignInFields {
  server: string
  email: string
  password: string
  /** The fingerprint an mDNS announcement carried for this server (shown, never trusted alone). */
  announcedFingerprint?: string
}

export async function startSession(ctx: StoreContext): Promise<void> {
  const [session, settings] = await Promise.all([
    ctx.api.invoke('session:get').catch(() => null),
    ctx.api.invoke('settings:get').catch(() => DEFAULT_SETTINGS),
  ])
  ctx.set({ settings })
  if (session) enterSession(ctx, session)
  else ctx.set({ phase: 'signed-out' })
}

/**
 * A session resumed while its server was unreachable knows none of its extensions; main
 * learns them once a socket opens, and the controls they bring appear then.
 */
export async function learnServerFeatures(ctx: StoreContext): Promise<void> {
  const latest = await ctx.api.invoke('session:get').catch(() => null)
  const current = ctx.get().session
  if (latest && current && latest.accountId === current.accountId && latest.features.length > 0) ctx.set({ session: latest })
}

function enterSession(ctx: StoreContext, session: SessionInfo): void {
  rememberServer(session.server)
  ctx.set({ ...signedOutState(), phase: 'signed-in', session, signedOutReason: null })
  void loadConversations(ctx)
  void loadPrefs(ctx)
}

/** Why a sign-in did not happen: words, and whether main refused the server's certificate (the UI asks then). */
export interface SignInFailure {
  text: string
  untrustedCertificate: boolean
}

const failureOf = (error: unknown): SignInFailure => ({
  text: describeError(error),
  untrustedCertificate: toParleyError(error).code === 'untrusted-certificate',
})

/** Resolves to why it failed, or null once signed in. */
export async function signIn(ctx: StoreContext, fields: SignInFields): Promise<SignInFailure | null> {
  try {
    enterSession(ctx, await ctx.api.invoke('session:sign-in', fields))
    return null
  } catch (error) {
    return failureOf(error)
  }
}

export async function register(ctx: StoreContext, fields: SignInFields & { fullName: string; inviteCode?: string }): Promise<SignInFailure | null> {
  try {
    enterSession(ctx, await ctx.api.invoke('session:register', fields))
    return null
  } catch (error) {
    return failureOf(error)
  }
}

export async function signOut(ctx: StoreContext): Promise<void> {
  try {
    await ctx.api.invoke('session:sign-out')
  } catch (error) {
    pushNotice(ctx, `Signing out failed: ${describeError(error)}`)
    return
  }
  ctx.set({ ...signedOutState(), phase: 'signed-out', signedOutReason: null })
}

export function sessionExpired(ctx: StoreContext, server: string, reason: string): void {
  const host = server.replace(/^https?:\/\//, '').replace(/\/$/, '')
  const why = reason.trim().replace(/\.$/, '')
  const explanation = why ? `: ${why.charAt(0).toLocaleLowerCase()}${why.slice(1)}` : ''
  ctx.set({
    ...signedOutState(),
    phase: 'signed-out',
    signedOutReason: `Your session on ${host} has ended${explanation}. Sign in again to continue.`,
  })
}

export async function updateSettings(ctx: StoreContext, patch: Partial<Settings>): Promise<void> {
  const previous = ctx.get().settings
  ctx.set({ settings: { ...previous, ...patch } })
  try {
    ctx.set({ settings: await ctx.api.invoke('settings:set', patch) })
  } catch (error) {
    ctx.set({ settings: previous })
    pushNotice(ctx, `Couldn't save settings: ${describeError(error)}`)
  }
}
