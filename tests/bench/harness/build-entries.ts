// The server entries run as plain JavaScript, not under tsx: tsx's loader alone adds about
// 37 MiB of RSS to a process, which would swamp the RSS targets and is not what ships (the
// Electron build bundles the server). esbuild (tsx's own dependency) bundles our sources
// and leaves npm packages external; the output sits under node_modules/.cache so Node
// resolves those packages from the project's node_modules.
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import type { ServerKind } from '../servers/ipc'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const OUT_DIR = `${ROOT}node_modules/.cache/parley-bench`
/** Both Parley kinds run the same entry; TLS is a launch option. */
const ENTRIES = { baseline: 'baseline', parley: 'parley', 'parley-tls': 'parley' } as const satisfies Record<ServerKind, string>
type Entry = (typeof ENTRIES)[ServerKind]
const SOURCES: Record<Entry, string> = {
  baseline: fileURLToPath(new URL('../servers/baseline-entry.ts', import.meta.url)),
  parley: fileURLToPath(new URL('../servers/parley-entry.ts', import.meta.url)),
}

const built = new Map<Entry, Promise<string>>()

/** Path of the bundled entry for `kind`, built once per run. */
export function builtEntry(kind: ServerKind): Promise<string> {
  const name = ENTRIES[kind]
  let entry = built.get(name)
  if (!entry) {
    entry = bundle(name)
    built.set(name, entry)
  }
  return entry
}

async function bundle(name: Entry): Promise<string> {
  const outfile = `${OUT_DIR}/${name}-entry.mjs`
  await build({
    entryPoints: [SOURCES[name]],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  })
  return outfile
}
