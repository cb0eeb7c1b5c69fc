// Starts the server-process entry in an Electron utilityProcess: a Node process of
// Electron's own (no separate Node install), killed with the app, talking over a
// MessagePort. Built as out/main/server-process.js (electron.vite.config.ts).
import { utilityProcess } from 'electron'
import { withServerProcessEnv } from '../server/server-process-env'
import type { ChildHandle, LaunchServerProcess } from '../host/host-process'

export function electronLauncher(entry: string): LaunchServerProcess {
  return () => {
    const child = utilityProcess.fork(entry, [], {
      serviceName: 'Parley server',
      stdio: 'inherit',
      // malloc settings that keep scrypt's and upload frames' buffers from pinning RSS.
      env: withServerProcessEnv(process.env),
    })
    let exited = false
    child.once('exit', () => (exited = true))
    const handle: ChildHandle = {
      get pid() {
        return child.pid // set once the process has spawned
      },
      postMessage: (message) => {
        if (!exited) child.postMessage(message)
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.once('exit', (code) => listener(code)),
      // utilityProcess.kill sends SIGTERM on POSIX: the entry closes sockets with 1001 first.
      kill: () => {
        if (!exited) child.kill()
      },
      // utilityProcess has no forced kill of its own; its pid is an OS process like any other.
      forceKill: () => {
        if (exited || child.pid === undefined) return
        try {
          process.kill(child.pid, 'SIGKILL')
        } catch {
          // Ended between the check and the kill (ESRCH): what was wanted.
        }
      },
    }
    return handle
  }
}
