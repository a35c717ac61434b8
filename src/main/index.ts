/**
 * The Electron entry: one secure window, the IPC handlers of the contract on ipcMain, main events
 * forwarded to the window, and the workbench (history, worker pool, jobs) behind them.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, ipcMain, shell, type IpcMainInvokeEvent } from 'electron'
import { EVENT_CHANNEL, METHOD_NAMES, invokeChannel } from '../shared/ipc'
import { WindowPrinter } from './report/window-printer'
import { openWorkbench, type Workbench } from './workbench'

/** The window's web preferences: isolated, sandboxed, no Node in the renderer. */
export const SECURE_WEB_PREFERENCES = {
  preload: join(import.meta.dirname, '../preload/index.cjs'),
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
} as const

const RENDERER_FILE = join(import.meta.dirname, '../renderer/index.html')

/** Whether an IPC call comes from our own page: the bundled index.html, or the dev server's origin in development. */
function fromOurPage(e: IpcMainInvokeEvent): boolean {
  const url = e.senderFrame?.url ?? ''
  if (process.env.ELECTRON_RENDERER_URL) return URL.canParse(url) && new URL(url).origin === new URL(process.env.ELECTRON_RENDERER_URL).origin
  return url.split(/[?#]/)[0] === pathToFileURL(RENDERER_FILE).href
}

/** Answers every contract method through the workbench's dispatcher (which validates each payload). */
export function registerIpc(workbench: Workbench): void {
  for (const m of METHOD_NAMES) {
    ipcMain.handle(invokeChannel(m), (e, payload: unknown) =>
      fromOurPage(e) ? workbench.dispatch(m, payload) : { ok: false, error: { code: 'FORBIDDEN', message: 'IPC from a foreign page' } },
    )
  }
}

/** Reports print in a hidden window of the app's own Chromium, without scripts. */
const newPrintWindow = () => new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, javascript: false } })

function createWindow(workbench: Workbench): BrowserWindow {
  const win = new BrowserWindow({ width: 1440, height: 900, show: false, title: 'CIM Workbench', webPreferences: SECURE_WEB_PREFERENCES })
  win.once('ready-to-show', () => win.show())
  // No navigation away from the app and no new windows: https links open in the system browser.
  win.webContents.on('will-navigate', (e) => e.preventDefault())
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  const unsubscribe = workbench.events.subscribe((name, payload) => {
    if (!win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, name, payload)
  })
  win.on('closed', () => {
    unsubscribe()
    void workbench.printer.close() // its hidden window would keep 'window-all-closed' from coming
  })
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL)
  else void win.loadFile(RENDERER_FILE)
  return win
}

app.whenReady().then(() => {
  const workbench = openWorkbench(process.env.CIM_DB ?? join(app.getPath('userData'), 'history.sqlite'), undefined, new WindowPrinter(newPrintWindow))
  registerIpc(workbench)
  createWindow(workbench)
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && createWindow(workbench))
  app.on('before-quit', () => void workbench.close())
})
app.on('web-contents-created', (_e, contents) => contents.on('will-attach-webview', (e) => e.preventDefault()))
app.on('window-all-closed', () => process.platform !== 'darwin' && app.quit())
