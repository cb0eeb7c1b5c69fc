#!/usr/bin/env node
// `npm start`: build, then run Parley as a desktop app when the Electron binary is here (or
// can be fetched), with better-sqlite3 prepared for Electron's ABI. Otherwise say why and
// run the embedded server with the web UI, printing the address to open in a browser.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const electronPkg = join(root, 'node_modules', 'electron')
const say = (text) => console.log(`[parley] ${text}`)
const node = (args, options = {}) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', ...options })

function electronBinary() {
  const pathFile = join(electronPkg, 'path.txt')
  if (!existsSync(pathFile)) return null
  const executable = join(electronPkg, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(executable) ? executable : null
}

function ensureElectron() {
  let executable = electronBinary()
  if (executable) return { executable }
  say('The Electron binary is not installed yet; trying to download it once …')
  const install = node([join(electronPkg, 'install.js')], { timeout: 10 * 60_000 })
  executable = electronBinary()
  if (executable) return { executable }
  return { reason: `the Electron binary could not be downloaded (install.js exited with ${install.status ?? install.signal ?? install.error?.message}).` }
}

function runChild(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

function runWebFallback(reason) {
  say(`Not starting the desktop app: ${reason}`)
  say('Starting the embedded Parley server with the web client instead.')
  const port = process.env.PORT ?? '8000'
  say(`Open http://127.0.0.1:${port}/ in a browser (create the first account there; data is kept in ./parley-data).`)
  const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs')
  runChild(process.execPath, [
    tsx, join(root, 'src-main', 'server', 'cli.ts'), 'serve',
    '--host', '127.0.0.1', '--port', port, '--data', join(root, 'parley-data'),
    '--registration', 'open', '--web-root', join(root, 'out', 'renderer'),
  ])
}

say('Building …')
const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' })
if (build.status !== 0) {
  say('The build failed; see the errors above.')
  process.exit(1)
}

const electron = ensureElectron()
if (!electron.executable) {
  runWebFallback(electron.reason)
} else if (node([join(root, 'scripts', 'prepare-electron-native.mjs')]).status !== 0) {
  runWebFallback('better-sqlite3 could not be prepared for Electron (see above).')
} else {
  say('Starting Parley …')
  runChild(electron.executable, [root])
}
