// Two people on one real server, each with their own main process (own data folder): Ada
// and Bob in a conversation, both signed in, Ada's list loaded. For tests of what one
// sees of what the other does.
import type { EngineOptions } from '../../../src-shared/client/options'
import type { OutboxItem, SendOptions } from '../../../src-shared/ipc/contract'
import type { Message } from '../../../src-shared/protocol/types'
import { startEmbeddedServer, type EmbeddedServer } from './embedded-server'
import { createUser, signIn, value, type TestUser } from './session'
import { makeTempDir, removeDir, startTestMainProcess, type TestMainProcess } from './test-services'
import { waitUntil } from './wait'

export interface TwoUsers {
  server: EmbeddedServer
  dirs: string[]
  adaMain: TestMainProcess
  bobMain: TestMainProcess
  ada: TestUser
  bob: TestUser
  conversationId: number
  /**
   * Ada opens the conversation as the app does: on screen, then its newest history page.
   * (A socket with no history loaded takes its first gap fill as the initial load: recorded,
   * not announced, so a message arriving while it opens would never be a 'message' event.)
   */
  adaOpens(): Promise<void>
  /** Bob sends `text` (with reply/mentions) and it is waited for on Ada's side. */
  bobSays(text: string, options?: SendOptions): Promise<Message>
  /** Ada's main process restarted on the same data folder (an app restart). */
  restartAda(): Promise<TestMainProcess>
  close(): Promise<void>
}

export function receivedBy(main: TestMainProcess, text: string): Message | undefined {
  return main.events.find((e) => e.event === 'message' && (e.payload as Message).content === text)?.payload as Message | undefined
}

export async function startTwoUsers(engineOptions?: Partial<EngineOptions>): Promise<TwoUsers> {
  const server = await startEmbeddedServer()
  const dirs = [await makeTempDir(), await makeTempDir()]
  const start = (dataDir: string) => startTestMainProcess({ dataDir, ...(engineOptions ? { engineOptions } : {}) })
  const adaMain = await start(dirs[0]!)
  const bobMain = await start(dirs[1]!)
  const ada = await createUser(server, 'Ada')
  const bob = await createUser(server, 'Bob')
  const conversationId = (await server.admin.createConversation([ada.id, bob.id])).id
  await signIn(adaMain, server, ada)
  await signIn(bobMain, server, bob)
  value(await adaMain.invoke('conversations:list'))
  const world: TwoUsers = {
    server, dirs, adaMain, bobMain, ada, bob, conversationId,
    async adaOpens() {
      value(await world.adaMain.invoke('conversation:view', conversationId))
      value(await world.adaMain.invoke('messages:history', conversationId))
    },
    async bobSays(text, options) {
      value<OutboxItem>(await world.bobMain.invoke('messages:send-text', conversationId, text, ...(options ? [options] : [])))
      await waitUntil(() => receivedBy(world.adaMain, text) !== undefined, `Ada to receive "${text}"`)
      return receivedBy(world.adaMain, text)!
    },
    async restartAda() {
      await world.adaMain.stop()
      world.adaMain = await start(dirs[0]!)
      return world.adaMain
    },
    async close() {
      await world.adaMain.stop()
      await world.bobMain.stop()
      await server.close()
      for (const dir of dirs) await removeDir(dir)
    },
  }
  return world
}
