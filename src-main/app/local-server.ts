// With no server configured, the desktop app hosts the embedded Parley server itself so one
// person can start chatting at once. For now it runs IN the main process on 127.0.0.1 (the
// LAN-host issue moves it into a utilityProcess and opens it to the network). The port is
// remembered, so the saved account's address stays valid across restarts.
import { join } from 'node:path'
import type { KeyValueBackend } from '../client/settings-store'
import { startParleyServer, type RunningParleyServer } from '../server/server'

export async function startLocalServer(dataDir: string, store: KeyValueBackend, nativeBinding: string | undefined): Promise<RunningParleyServer> {
  const remembered = store.get('localServerPort')
  const options = {
    dataDir: join(dataDir, 'server'),
    host: '127.0.0.1',
    registration: 'open' as const, // loopback only: whoever uses this computer creates the first accounts
    logLevel: 'warn',
    name: 'Parley on this computer',
    ...(nativeBinding ? { databaseNativeBinding: nativeBinding } : {}),
  }
  let server: RunningParleyServer
  try {
    server = await startParleyServer({ ...options, port: typeof remembered === 'number' ? remembered : 0 })
  } catch {
    server = await startParleyServer({ ...options, port: 0 }) // the old port is taken now
  }
  store.set('localServerPort', server.port)
  return server
}
