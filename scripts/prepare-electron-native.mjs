#!/usr/bin/env node
// Puts a better-sqlite3 addon built for ELECTRON's ABI at .native/better_sqlite3.node,
// leaving node_modules' Node build untouched for tests (one node_modules holds one ABI:
// docs/architecture.md, "One node_modules, one ABI"). The app opens its databases with `nativeBinding` pointing here, and
// electron-builder ships the file as an extra resource.
//
// 1. a prebuilt binary for this Electron version (prebuild-install, from GitHub releases);
// 2. else a source build against Electron's headers (node-gyp, with npm's nodedir UNSET:
//    with nodedir set it would silently build for Node's ABI instead).
// Both run in a private copy of the package, never in node_modules (a failed rebuild
// there deletes the Node build). Exit code 0 = the binary is in place.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, copyFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const nativeDir = join(root, '.native')
const target = join(nativeDir, 'better_sqlite3.node')
const manifestFile = join(nativeDir, 'manifest.json')
const packageDir = join(root, 'node_modules', 'better-sqlite3')
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name)

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'))
const electronVersion = readJson(join(root, 'node_modules', 'electron', 'package.json')).version
const sqliteVersion = readJson(join(packageDir, 'package.json')).version
const platform = process.env.npm_config_platform ?? process.platform
const arch = process.env.npm_config_arch ?? process.arch
const wanted = { electron: electronVersion, betterSqlite3: sqliteVersion, platform, arch }

function upToDate() {
  if (!existsSync(target) || !existsSync(manifestFile)) return false
  const have = readJson(manifestFile)
  return Object.entries(wanted).every(([key, value]) => have[key] === value)
}

function run(command, args, cwd) {
  const env = { ...process.env }
  // npm exports its config as env vars; nodedir would point node-gyp at Node's headers.
  for (const key of Object.keys(env)) if (/^npm_config_(nodedir|node_gyp|target|runtime|disturl|dist_url)$/i.test(key)) delete env[key]
  const result = spawnSync(command, args, { cwd, env, stdio: 'inherit', shell: process.platform === 'win32', timeout: 15 * 60_000 })
  return result.status === 0
}

function buildInCopy() {
  const work = join(nativeDir, 'work', `better-sqlite3-${sqliteVersion}`)
  rmSync(work, { recursive: true, force: true })
  mkdirSync(work, { recursive: true })
  for (const entry of ['package.json', 'binding.gyp', 'lib', 'src', 'deps']) cpSync(join(packageDir, entry), join(work, entry), { recursive: true })
  const built = join(work, 'build', 'Release', 'better_sqlite3.node')
  const attempts = [
    ['prebuilt binary', bin('prebuild-install'), ['--runtime', 'electron', '--target', electronVersion, '--arch', arch, '--platform', platform, '--verbose']],
    ['source build', bin('node-gyp'), ['rebuild', '--release', `--target=${electronVersion}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron']],
  ]
  for (const [label, command, args] of attempts) {
    console.log(`[prepare-electron-native] trying a ${label} of better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${platform}-${arch})`)
    if (run(command, args, work) && existsSync(built)) return built
  }
  return null
}

if (upToDate()) {
  console.log(`[prepare-electron-native] ${target} is ready for Electron ${electronVersion}`)
  process.exit(0)
}
mkdirSync(nativeDir, { recursive: true })
const built = buildInCopy()
if (!built) {
  rmSync(join(nativeDir, 'work'), { recursive: true, force: true })
  console.error(
    `[prepare-electron-native] could not get better-sqlite3 for Electron ${electronVersion}: no prebuilt binary could be ` +
      'downloaded and the source build failed (it needs Electron\'s headers from electronjs.org and a C++ toolchain).',
  )
  process.exit(1)
}
copyFileSync(built, target)
writeFileSync(manifestFile, `${JSON.stringify(wanted, null, 2)}\n`)
rmSync(join(nativeDir, 'work'), { recursive: true, force: true })
console.log(`[prepare-electron-native] wrote ${target}`)
