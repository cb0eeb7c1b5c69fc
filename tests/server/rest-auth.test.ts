// Part B auth endpoints: register, login, refresh, profile, DRF-shaped errors.
import { afterEach, describe, expect, it } from 'vitest'
import type { AuthResponse, User } from '../../src-shared/protocol/types'
import { keysOf, startTestServer, stopAllTestServers } from './helpers'

afterEach(stopAllTestServers)

describe('register', () => {
  it('answers 201 with message, user and tokens when registration is open', async () => {
    const t = await startTestServer({ registration: 'open' })
    const res = await t.request<AuthResponse>('/api/auth/register/', {
      method: 'POST', body: { email: 'New@Example.com', password: 'long enough', full_name: 'New Person', user_type: 'listener' },
    })
    expect(res.status).toBe(201)
    expect(keysOf(res.body)).toEqual(['message', 'tokens', 'user'])
    expect(keysOf(res.body.tokens)).toEqual(['access', 'refresh'])
    expect(res.body.user).toEqual({ id: expect.any(Number), email: 'new@example.com', user_type: 'listener', full_name: 'New Person' })
    const profile = await t.request<User>('/api/auth/profile/', { token: res.body.tokens.access })
    expect(profile.body).toEqual(res.body.user)
  })

  it('answers 400 {"field": ["why"]} for bad input and duplicates', async () => {
    const t = await startTestServer({ registration: 'open' })
    const missing = await t.request('/api/auth/register/', { method: 'POST', body: {} })
    expect(missing.status).toBe(400)
    expect(missing.body).toEqual({
      email: ['This field is required.'], password: ['This field is required.'], full_name: ['This field is required.'],
    })
    const bad = await t.request('/api/auth/register/', { method: 'POST', body: { email: 'nope', password: 'short', full_name: 'X' } })
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual({
      email: ['Enter a valid email address.'],
      password: ['This password is too short. It must contain at least 8 characters.'],
    })
    await t.request('/api/auth/register/', { method: 'POST', body: { email: 'a@b.co', password: 'password1', full_name: 'A' } })
    const dup = await t.request('/api/auth/register/', { method: 'POST', body: { email: 'A@b.co', password: 'password1', full_name: 'A' } })
    expect(dup).toMatchObject({ status: 400, body: { email: ['user with this email already exists.'] } })
    const notJson = await t.request('/api/auth/register/', { method: 'POST', body: '{oops' })
    expect(notJson.status).toBe(400)
    expect(keysOf(notJson.body)).toEqual(['detail'])
  })

  it('answers 403 when the server does not allow self-registration', async () => {
    const t = await startTestServer()
    const res = await t.request('/api/auth/register/', { method: 'POST', body: { email: 'a@b.co', password: 'password1', full_name: 'A' } })
    expect(res.status).toBe(403)
    expect(keysOf(res.body)).toEqual(['detail'])
  })
})

describe('login, refresh, profile', () => {
  it('logs in with 200 and the register shape; wrong credentials give 401 {"error": "Invalid credentials"}', async () => {
    const t = await startTestServer()
    const ada = await t.addUser('ada')
    const ok = await t.request<AuthResponse>('/api/auth/login/', { method: 'POST', body: { email: ada.email, password: ada.password } })
    expect(ok.status).toBe(200)
    expect(keysOf(ok.body)).toEqual(['message', 'tokens', 'user'])
    expect(ok.body.user).toEqual(ada.user)
    for (const body of [{ email: ada.email, password: 'wrong-password' }, { email: 'nobody@example.com', password: 'whatever1' }]) {
      const bad = await t.request('/api/auth/login/', { method: 'POST', body })
      expect(bad).toMatchObject({ status: 401, body: { error: 'Invalid credentials' } })
    }
    const missing = await t.request('/api/auth/login/', { method: 'POST', body: { email: ada.email } })
    expect(missing).toMatchObject({ status: 400, body: { password: ['This field is required.'] } })
  })

  it('refreshes an access token; an access token or garbage is 401', async () => {
    const t = await startTestServer()
    const ada = await t.addUser('ada')
    const res = await t.request<{ access: string }>('/api/auth/token/refresh/', { method: 'POST', body: { refresh: ada.refresh } })
    expect(res.status).toBe(200)
    expect(keysOf(res.body)).toEqual(['access', 'refresh']) // rotated, as SimpleJWT's ROTATE_REFRESH_TOKENS answers
    expect((await t.request('/api/auth/profile/', { token: res.body.access })).status).toBe(200)
    for (const refresh of [ada.access, 'garbage']) {
      const bad = await t.request('/api/auth/token/refresh/', { method: 'POST', body: { refresh } })
      expect(bad.status).toBe(401)
      expect(keysOf(bad.body)).toEqual(['detail'])
    }
  })

  it('answers 401 {"detail"} without, or with a bad, token, and refuses a refresh token as access', async () => {
    const t = await startTestServer()
    const ada = await t.addUser('ada')
    const none = await t.request('/api/auth/profile/')
    expect(none).toMatchObject({ status: 401, body: { detail: 'Authentication credentials were not provided.' } })
    for (const token of ['garbage', ada.refresh]) {
      const bad = await t.request('/api/auth/profile/', { token })
      expect(bad.status).toBe(401)
      expect(keysOf(bad.body)).toEqual(['detail'])
    }
    expect((await t.request<User>('/api/auth/profile/', { token: ada.access })).body).toEqual(ada.user)
  })

  it('stops accepting a removed user and lets a reset password log in', async () => {
    const t = await startTestServer()
    const ada = await t.addUser('ada')
    await t.server.admin.resetPassword(ada.email, 'brand-new-password')
    expect((await t.request('/api/auth/login/', { method: 'POST', body: { email: ada.email, password: ada.password } })).status).toBe(401)
    await t.login(ada.email, 'brand-new-password')
    await t.server.admin.removeUser(ada.email)
    expect((await t.request('/api/auth/profile/', { token: ada.access })).status).toBe(401)
    expect((await t.server.admin.listUsers())).toEqual([])
  })

  it('answers unknown paths 404 {"detail": "Not found."} and wrong methods 405', async () => {
    const t = await startTestServer()
    expect(await t.request('/api/nothing/')).toMatchObject({ status: 404, body: { detail: 'Not found.' } })
    expect((await t.request('/api/auth/login/')).status).toBe(405)
  })
})
