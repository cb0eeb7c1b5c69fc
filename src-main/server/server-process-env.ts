// Environment for any process that runs the Parley server (the CLI's `serve`, the desktop
// host's utilityProcess.fork, the benchmarks): glibc malloc tuning, read once at process start.
//
// Why: every login runs scrypt (auth/passwords.ts), which allocates 16 MiB inside OpenSSL.
// glibc serves the first such block with mmap, and on its free raises its mmap threshold
// to 16 MiB: from then on these blocks (and every Buffer up to that size) come from the
// heap arenas of whichever thread-pool thread ran them, and stay resident after free.
// Measured: +113 MiB of RSS after 20 logins. A fixed threshold keeps allocations of 128 KiB
// and more on mmap, returned to the OS on free, and turns off that adaptation; two arenas
// stop each thread-pool thread from holding its own. Other platforms ignore these names.
export const SERVER_PROCESS_ENV: Readonly<Record<string, string>> = Object.freeze({
  MALLOC_MMAP_THRESHOLD_: '131072',
  MALLOC_ARENA_MAX: '2',
})

/** True on Linux when this process was started without these settings (values someone set on purpose are kept). */
export function lacksServerProcessEnv(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux') return false
  return Object.keys(SERVER_PROCESS_ENV).some((name) => env[name] === undefined)
}

/** `env` with the server settings added where it has none. */
export function withServerProcessEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...SERVER_PROCESS_ENV, ...env }
}
