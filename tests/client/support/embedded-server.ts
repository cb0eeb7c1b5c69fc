// A real embedded Parley server for client and UI tests: temp data folder, random port on
// 127.0.0.1, silent logs. `stop()` + `start()` bring it down and back on the SAME port and
// data, so a client sees an outage rather than a different server.
import { startParleyServer, type ParleyServerOptions, type RunningParleyServer } from '../../../src-main/server/server'
import { makeTempDir, removeDir } from './test-services'

export type EmbeddedServerOptions = Omit<ParleyServerOptions, 'dataDir' | 'port' | 'host'>

export interface EmbeddedServer {
  url: string
  port: number
  dataDir: string
  admin: RunningParleyServer['admin']
  running(): RunningParleyServer
  /** Takes the server down (sockets closed with 1001); data stays. */
  stop(): Promise<void>
  /** Brings it back on the same port. */
  start(): Promise<void>
  close(): Promise<void>
}

export async function startEmbeddedServer(options: EmbeddedServerOptions = {}): Promise<EmbeddedServer> {
  const dataDir = await makeTempDir('parley-server-')
  const launch = (port: number) => startParleyServer({ logLevel: 'silent', ...options, dataDir, host: '127.0.0.1', port })
  let current: RunningParleyServer | null = await launch(0)
  const port = current.port
  const running = (): RunningParleyServer => {
    if (!current) throw new Error('The embedded server is stopped')
    return current
  }
  const handle: EmbeddedServer = {
    url: current.url,
    port,
    dataDir,
    get admin() {
      return running().admin
    },
    running,
    async stop() {
      const server = current
      current = null
      await server?.close()
    },
    async start() {
      if (!current) current = await launch(port)
    },
    async close() {
      await handle.stop()
      await removeDir(dataDir)
    },
  }
  return handle
}
