// A session resumed while its server is down knows none of the server's extensions, so the
// UI hides their controls; once the server is back, main learns them and the store shows
// them. Real main-process handlers and a real embedded server, stopped and started again.
import { afterAll, expect, it } from 'vitest'
import { WebSocket as NodeWebSocket } from 'ws'
import type { ParleyStore } from '../../src-renderer/store/appStore'
import { startEmbeddedServer } from '../client/support/embedded-server'
import { createUser, signIn } from '../client/support/session'
import { makeTempDir, removeDir, startTestMainProcess, type TestMainProcess } from '../client/support/test-services'
import { waitUntil } from '../client/support/wait'
import { gatedBridge } from './support/gated-bridge'

const cleanups: Array<() => unknown> = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

it('shows the extensions of a server that was down at start once it is back', async () => {
  const server = await startEmbeddedServer()
  const dataDir = await makeTempDir('parley-renderer-')
  cleanups.push(() => removeDir(dataDir), () => server.close())
  let main: TestMainProcess = await startTestMainProcess({ dataDir })
  const ada = await createUser(server, 'Ada')
  await signIn(main, server, ada)
  await main.stop()
  await server.stop()

  // A list poll far longer than the test waits: catching up must not wait for it.
  main = await startTestMainProcess({ dataDir, engineOptions: { backoffBaseMs: 50, backoffCapMs: 400, listRefreshMs: 10 * 60_000 } })
  cleanups.push(() => main.stop())
  globalThis.WebSocket ??= NodeWebSocket as unknown as typeof WebSocket
  const { createParleyStore } = await import('../../src-renderer/store/appStore')
  const parley: ParleyStore = createParleyStore(gatedBridge(main).api)
  cleanups.push(parley.start())
  await waitUntil(() => parley.store.getState().phase === 'signed-in', 'the resumed session')
  expect(parley.store.getState().session?.features).toEqual([])

  await server.start()
  await waitUntil(() => parley.store.getState().session?.features.includes('edit') === true, 'the store to learn the extensions', 60_000)
}, 90_000)
