import { join } from 'node:path'
import { app, BrowserWindow, shell } from 'electron'

/** The window's web preferences: isolated, sandboxed, no node in the renderer. */
export const SECURE_WEB_PREFERENCES = {
  preload: join(import.meta.dirname, '../preload/index.cjs'),
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webSecurity: true,
} as const

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({ width: 1400, height: 900, show: false, title: 'CIM Workbench', webPreferences: SECURE_WEB_PREFERENCES })
  win.once('ready-to-show', () => win.show())
  // No navigation away from the app and no new windows: links open in the system browser.
  win.webContents.on('will-navigate', (e) => e.preventDefault())
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL)
  else void win.loadFile(join(import.meta.dirname, '../renderer/index.html'))
  return win
}

app.whenReady().then(() => {
  createWindow()
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && createWindow())
})
app.on('window-all-closed', () => process.platform !== 'darwin' && app.quit())
