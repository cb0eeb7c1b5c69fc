// Starts the server-process entry with Node's child_process.fork: tests, and any run of
// Parley's main side without Electron (the Playwright desktop bridge). TypeScript sources
// run through tsx; a built .js entry runs as is.
import { fork } from 'node:child_process'
import { withServerProcessEnv } from '../server/server-process-env'
import type { ChildHandle, LaunchServerProcess } from './host-process'

export function nodeLauncher(entry: string, options: { env?: NodeJS.ProcessEnv } = {}): LaunchServerProcess {
  return () => {
    const child = fork(entry, [], {
      execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: withServerProcessEnv(options.env ?? process.env),
      serialization: 'advanced',
    })
    const handle: ChildHandle = {
      pid: child.pid,
      postMessage: (message) => {
        if (child.connected) child.send(message as never)
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.once('exit', (code) => listener(code)),
      kill: () => {
        // SIGTERM lets the entry close sockets with 1001 first.
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      },
      forceKill: () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      },
    }
    return handle
  }
}
