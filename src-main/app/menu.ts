// The application menu: the platform's standard roles (so copy/paste, zoom and quit work
// everywhere, and macOS gets its app menu and a working Edit menu, without which Cmd+C/V
// do nothing in a text field); About in the app menu on macOS, under Help elsewhere;
// developer tools only in development.
import { app, dialog, Menu, nativeImage, type MenuItemConstructorOptions } from 'electron'

export function installMenu(isDev: boolean, iconFile: string): void {
  app.setAboutPanelOptions({
    applicationName: 'Parley',
    applicationVersion: app.getVersion(),
    version: `Electron ${process.versions.electron}`,
    copyright: 'Copyright © 2026 Parley contributors',
    credits: 'Chat and file sharing that keeps working with no internet.',
    iconPath: iconFile,
  })
  const about: MenuItemConstructorOptions = { label: 'About Parley', click: () => showAbout(iconFile) }
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...(isDev ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }] : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    ...(process.platform === 'darwin' ? [] : [{ role: 'help' as const, submenu: [about] }]),
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

/** The native About panel (macOS, Linux); Windows has none, so a plain dialog says the same. */
function showAbout(iconFile: string): void {
  if (process.platform !== 'win32') return app.showAboutPanel()
  void dialog.showMessageBox({
    type: 'info',
    title: 'About Parley',
    message: `Parley ${app.getVersion()}`,
    detail: `Electron ${process.versions.electron}\nCopyright © 2026 Parley contributors`,
    icon: nativeImage.createFromPath(iconFile),
  })
}
