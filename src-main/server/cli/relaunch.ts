// `parley serve` on Linux: glibc reads its malloc settings only at process start, so a
// serve started without SERVER_PROCESS_ENV runs the server in a child process that has it
// (../server-process-env.ts says why). This process only waits: it passes SIGTERM/SIGHUP
// on (Ctrl+C already reaches the whole process group) and exits as the child did.
import { spawn } from 'node:child_process'
import { withServerProcessEnv } from '../server-process-env'

const FORWARDED = ['SIGTERM', 'SIGHUP'] as const

export function relaunchWithServerEnv(): Promise<never> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: withServerProcessEnv(process.env),
  })
  for (const signal of FORWARDED) process.on(signal, () => child.kill(signal))
  // The child handles Ctrl+C itself (and says "Forced exit." on a second one); don't die first.
  process.on('SIGINT', () => undefined)
  return new Promise<never>((_resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      if (signal) {
        process.removeAllListeners(signal)
        process.kill(process.pid, signal)
      }
      process.exit(code ?? 1)
    })
  })
}
