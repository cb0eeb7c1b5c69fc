// Environment for any process that runs the Parley server (the CLI's `serve`, the desktop
// host's utilityProcess.fork, the benchmarks): glibc malloc tuning, read once at process start.
//
// Why: every login runs scrypt (auth/passwords.ts), which allocates 16 MiB inside OpenSSL.
// glibc serves the first such block with mmap, and on its free raises its mmap threshold
// to 16 MiB: from then on these blocks come from the heap arena of whichever thread-pool
// thread ran them and stay resident after free. Measured: +113 MiB of RSS after 20 logins.
// A fixed mmap threshold turns that adaptation off, so blocks of 8 MiB and more (scrypt's,
// a seed frame's) always go back to the OS on free.
// Why not lower: chunked uploads allocate a 4 MiB buffer per frame (ws reassembles each
// frame into one). On mmap each of those costs a map, 1,024 page faults and an unmap:
// 4.1 s of CPU per GiB in a micro-benchmark, against 0.2 s when they are reused from the
// heap, which the 32 MiB trim threshold allows (glibc's 128 KiB default hands the top of
// the heap back after every frame). Two arenas stop each thread-pool thread from keeping
// its own. Other C libraries and platforms ignore these names.
export const SERVER_PROCESS_ENV: Readonly<Record<string, string>> = Object.freeze({
  MALLOC_MMAP_THRESHOLD_: String(8 * 1024 * 1024),
  MALLOC_TRIM_THRESHOLD_: String(32 * 1024 * 1024),
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
