// Shared plumbing for the child-process server entries: argument parsing, the IPC
// replies, and a clean exit (so `--cpu-prof` gets to write its profile).
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Session } from 'node:inspector/promises'
import type { ChildToParent, ParentToChild, ServerLaunchOptions, ServerRuntime } from './ipc'

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
    const handled = message.type === 'profile-start' || message.type === 'profile-stop' ? profile(message) : handler(message)
    Promise.resolve(handled).catch((error: unknown) => {
      tell({ type: 'fatal', error: String(error instanceof Error ? error.stack : error) })
    })
  })
  // The parent died without saying goodbye: don't linger as an orphan holding a port.
  process.on('disconnect', () => process.exit(0))
}

/** Call once ws is loaded: whether its optional native addon came with it, and the malloc settings. */
export function serverRuntime(): ServerRuntime {
  const loaded = Object.keys(createRequire(import.meta.url).cache)
  return {
    bufferutil: loaded.some((path) => /[\\/]bufferutil[\\/].*\.node$/.test(path)),
    malloc: Object.fromEntries(['MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_', 'MALLOC_ARENA_MAX'].map((name) => [name, process.env[name] ?? null])),
  }
}

export function failAndExit(error: unknown): never {
  tell({ type: 'fatal', error: String(error instanceof Error ? error.stack : error) })
  process.exit(1)
}

let inspector: Session | null = null

/**
 * CPU profile of just the measured phase (not startup, setup or logins), taken in-process
 * through the inspector on the runner's request (--profile).
 */
async function profile(message: Extract<ParentToChild, { type: 'profile-start' | 'profile-stop' }>): Promise<void> {
  if (message.type === 'profile-start') {
    inspector ??= new Session()
    inspector.connect()
    await inspector.post('Profiler.enable')
    await inspector.post('Profiler.setSamplingInterval', { interval: 200 })
    await inspector.post('Profiler.start')
  } else if (inspector) {
    const { profile: taken } = await inspector.post('Profiler.stop')
    writeFileSync(message.file, JSON.stringify(taken))
    inspector.disconnect()
    inspector = null
  }
  tell({ type: 'profile-done', id: message.id })
}
