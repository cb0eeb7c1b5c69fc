// Entry of the server process (a second electron-vite main input; Electron starts it with
// utilityProcess.fork, tests with Node's child_process.fork). It only talks to its parent:
// requests in, responses and events out (protocol.ts). Logs go to stderr, never messages.
import { connectToParent } from './parent-port'
import { serveParent } from './server-host'

const channel = connectToParent()
const host = serveParent(channel)

let exiting = false
const exit = (code: number): void => {
  if (exiting) return
  exiting = true
  // Close sockets with 1001 and finish pending writes before going.
  void host.shutdown().finally(() => process.exit(code))
}

channel.onDisconnect(() => exit(0))
process.on('SIGTERM', () => exit(0))
process.on('SIGINT', () => exit(0))
