// Packaging (npm run dist). It downloads Electron, so it cannot run on our CI machines; it is
// still part of the product: tests/app/packaging.test.ts checks the parts that matter.
// better-sqlite3 is NOT rebuilt here: scripts/prepare-electron-native.mjs has already put
// the Electron-ABI binary in .native/, shipped as an extra resource and opened through
// better-sqlite3's `nativeBinding` option (src-main/app/native-binding.ts).
import type { Configuration } from 'electron-builder'
import { URL_SCHEME } from './src-main/app/join-link'

type FuseOptions = NonNullable<Configuration['electronFuses']>

/**
 * Every fuse named, so none can be forgotten: `Required` makes a fuse that a new Electron
 * adds a type error until someone decides on it (what Element does).
 */
export const ELECTRON_FUSES: Required<FuseOptions> = {
  // No ELECTRON_RUN_AS_NODE: the binary cannot be turned into a plain Node by whoever sets
  // an environment variable. The server's utilityProcess does not use it (it is a Chromium
  // utility process with Node, started by main), and nothing here uses child_process.fork.
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  // The default snapshot; a browser-process snapshot is a start-up optimisation we don't build.
  loadBrowserProcessSpecificV8Snapshot: false,
  // The renderer loads from app://parley/ (src-main/app/renderer-protocol.ts), never file://.
  grantFileProtocolExtraPrivileges: false,
  // electron-builder signs right after flipping the fuses, which replaces the ad-hoc signature.
  resetAdHocDarwinSignature: false,
}

const config: Configuration = {
  appId: 'app.parley.desktop',
  productName: 'Parley',
  copyright: 'Copyright © 2026 Parley contributors',
  directories: { output: 'release', buildResources: 'resources' },
  files: [
    'out/**',
    'package.json',
    '!**/*.map',
    // The Node-ABI build and the C sources of better-sqlite3 are useless in the app.
    '!node_modules/better-sqlite3/{build,deps,src}/**',
    '!node_modules/better-sqlite3/binding.gyp',
  ],
  extraResources: [
    { from: '.native/better_sqlite3.node', to: 'native/better_sqlite3.node' },
    // Read at run time by src-main/app/resource-paths.ts.
    { from: 'resources/tray', to: 'tray' },
    { from: 'resources/icon.png', to: 'icon.png' },
    { from: 'resources/notification.png', to: 'notification.png' },
  ],
  asar: true,
  electronFuses: ELECTRON_FUSES,
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  electronLanguages: ['en-US'],
  protocols: [{ name: 'Parley join link', schemes: [URL_SCHEME] }],
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'resources/icons',
    category: 'Network',
    synopsis: 'Chat and file sharing that works on a LAN with no internet',
    maintainer: 'Parley contributors <parley@example.com>',
    executableName: 'parley',
    // The desktop entry must declare the scheme for `parley:` links to reach the app.
    mimeTypes: [`x-scheme-handler/${URL_SCHEME}`],
  },
  deb: {
    // libsecret lets safeStorage keep tokens in the desktop keyring instead of memory only.
    depends: ['libsecret-1-0', 'libnotify4', 'libnss3', 'libxss1', 'libgtk-3-0'],
  },
  mac: {
    target: ['dmg'],
    icon: 'resources/icon.icns',
    category: 'public.app-category.social-networking',
    hardenedRuntime: true,
    gatekeeperAssess: false,
  },
  dmg: { sign: false },
  win: { target: ['nsis'], icon: 'resources/icon.ico' },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    deleteAppDataOnUninstall: false,
  },
}

export default config
