// Shared plumbing for the child-process server entries: argument parsing, the IPC
// replies, and a clean exit (so `--cpu-prof` gets to write its profile).
import type { ChildToParent, ParentToChild, ServerLaunchOptions } from './ipc'

export function launchOptions(): ServerLaunchOptions {
  const raw = process.argv[2]
  if (!raw) throw new Error('bench server entry: missing launch options (JSON) argument')
  return JSON.parse(raw) as ServerLaunchOptions
}

export function tell(message: ChildToParent): void {
  process.send?.(message)
}

export function onParentMessage(handler: (message: ParentToChild) => void | Promise<void>): void {
  process.on('message', (message: ParentToChild) => {
    Promise.resolve(handler(message)).catch((error: unknown) => {
      tell({ type: 'fatal', error: String(error instanceof Error ? error.stack : error) })
    })
  })
  // The parent died without saying goodbye: don't linger as an orphan holding a port.
  process.on('disconnect', () => process.exit(0))
}

export function failAndExit(error: unknown): never {
  tell({ type: 'fatal', error: String(error instanceof Error ? error.stack : error) })
  process.exit(1)
}
