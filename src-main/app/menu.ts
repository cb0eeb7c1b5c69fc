// The application menu: the platform's standard roles (so copy/paste, zoom and quit work
// everywhere, and macOS gets its app menu); developer tools only in development.
import { app, Menu, type MenuItemConstructorOptions } from 'electron'

export function installMenu(isDev: boolean): void {
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
    { role: 'help', submenu: [{ label: `Parley ${app.getVersion()}`, enabled: false }] },
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
