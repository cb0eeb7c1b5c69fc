// Self-test of the desktop-bridge harness: window.parley in the built renderer reaches the
// real main-process handlers, errors keep their code, and events arrive in the page.
import { test, expect } from './fixtures/desktop-bridge'

test('window.parley round-trips through the main-process handlers', async ({ desktop }) => {
  test.skip(desktop.mode !== 'bridge', 'harness self-test')
  const ada = await desktop.createUser({ fullName: 'Ada Lovelace' })
  const bob = await desktop.createUser({ fullName: 'Bob' })
  const conversation = await desktop.server.admin.createConversation([ada.id, bob.id])

  const result = await desktop.page.evaluate(async ({ url, email, password }) => {
    const parley = (window as unknown as { parley: { invoke(c: string, ...a: unknown[]): Promise<unknown> } }).parley
    let code: unknown = null
    try {
      await parley.invoke('messages:history', -1)
    } catch (error) {
      code = (error as { code?: unknown }).code
    }
    const session = (await parley.invoke('session:sign-in', { server: url, email, password })) as { user: { full_name: string } }
    return { code, name: session.user.full_name }
  }, { url: desktop.server.url, email: ada.email, password: ada.password })
  expect(result).toEqual({ code: 'invalid-argument', name: 'Ada Lovelace' })

  const received = desktop.page.evaluate(() => new Promise<string>((resolve) => {
    const parley = (window as unknown as { parley: { on(e: string, l: (p: { content: string }) => void): () => void } }).parley
    const off = parley.on('message', (message) => {
      off()
      resolve(message.content)
    })
  }))
  await desktop.page.evaluate((id) => (window as unknown as { parley: { invoke(c: string, ...a: unknown[]): Promise<unknown> } }).parley.invoke('messages:send-text', id, 'hello from the bridge'), conversation.id)
  expect(await received).toBe('hello from the bridge')
})
