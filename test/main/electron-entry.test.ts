/**
 * The Electron entry (src/main/index.ts) loaded with a stand-in electron module: Electron's binary
 * is absent on these machines. Checks the wiring: every contract method registered on ipcMain, the
 * secure window, blocked navigation and new windows, the sender check, events forwarded to the
 * window and the workbench closed on quit.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { openHistory } from '../../src/main/db/history'
import type { Workbench } from '../../src/main/workbench'
import { EVENT_CHANNEL, METHOD_NAMES, invokeChannel, type Envelope, type JobInfo } from '../../src/shared/ipc'
import { SPEC_DEFAULTS } from '../../src/shared/experiment'

type Listener = (...args: never[]) => unknown

const fake = vi.hoisted(() => {
  const listeners = () => new Map<string, Listener[]>()
  const add = (map: Map<string, Listener[]>, event: string, fn: Listener) => map.set(event, [...(map.get(event) ?? []), fn])

  class FakeWebContents {
    readonly listeners = listeners()
    windowOpenHandler: ((d: { url: string }) => { action: string }) | undefined
    readonly sent: unknown[][] = []
    destroyed = false
    on(event: string, fn: Listener) {
      add(this.listeners, event, fn)
      return this
    }
    setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
      this.windowOpenHandler = fn
    }
    send(...args: unknown[]) {
      this.sent.push(args)
    }
    isDestroyed() {
      return this.destroyed
    }
  }

  class FakeBrowserWindow {
    static readonly all: FakeBrowserWindow[] = []
    static getAllWindows() {
      return FakeBrowserWindow.all.filter((w) => !w.destroyed)
    }
    readonly listeners = listeners()
    readonly webContents = new FakeWebContents()
    readonly loaded: string[] = []
    shown = false
    destroyed = false
    constructor(readonly options: Record<string, unknown>) {
      FakeBrowserWindow.all.push(this)
    }
    on(event: string, fn: Listener) {
      add(this.listeners, event, fn)
      return this
    }
    once(event: string, fn: Listener) {
      return this.on(event, fn)
    }
    show() {
      this.shown = true
    }
    loadFile(path: string) {
      this.loaded.push(`file:${path}`)
      return Promise.resolve()
    }
    loadURL(url: string) {
      this.loaded.push(`url:${url}`)
      return Promise.resolve()
    }
    isDestroyed() {
      return this.destroyed
    }
    destroy() {
      this.destroyed = true
    }
    /** Emits a window event to the entry's listeners. */
    emit(event: string, ...args: unknown[]) {
      for (const fn of this.listeners.get(event) ?? []) (fn as (...a: unknown[]) => unknown)(...args)
    }
  }

  return {
    FakeBrowserWindow,
    FakeWebContents,
    app: listeners(),
    handlers: new Map<string, (event: unknown, payload: unknown) => unknown>(),
    openedExternally: [] as string[],
    quits: 0,
    getPath: [] as string[],
    /** Workbenches the entry opened, with the promise of their close(). */
    workbenches: [] as { path: string; wb: Workbench; closing?: Promise<void> }[],
    add,
  }
})

vi.mock('electron', () => {
  const app = {
    whenReady: () => Promise.resolve(),
    on: (event: string, fn: Listener) => {
      fake.add(fake.app, event, fn)
      return app
    },
    getPath: (name: string) => {
      fake.getPath.push(name)
      return '/nonexistent/user-data'
    },
    quit: () => {
      fake.quits++
    },
  }
  const ipcMain = {
    handle: (channel: string, fn: (event: unknown, payload: unknown) => unknown) => {
      // Electron refuses a second handler on a channel.
      if (fake.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
      fake.handlers.set(channel, fn)
    },
  }
  const shell = {
    openExternal: async (url: string) => {
      fake.openedExternally.push(url)
    },
  }
  return { app, ipcMain, shell, BrowserWindow: fake.FakeBrowserWindow, default: { app, ipcMain, shell, BrowserWindow: fake.FakeBrowserWindow } }
})

vi.mock('../../src/main/workbench', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/main/workbench')>()
  return {
    ...real,
    openWorkbench: (...args: Parameters<typeof real.openWorkbench>) => {
      const [path] = args
      const wb = real.openWorkbench(...args)
      const record: (typeof fake.workbenches)[number] = { path, wb }
      const close = wb.close.bind(wb)
      wb.close = () => (record.closing = close())
      fake.workbenches.push(record)
      return wb
    },
  }
})

const SRC_MAIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/main')
let dir: string
let dbPath: string
let entry: typeof import('../../src/main/index')
const savedEnv = { CIM_DB: process.env.CIM_DB, ELECTRON_RENDERER_URL: process.env.ELECTRON_RENDERER_URL }

/** Emits an app event to the entry's listeners. */
function emitApp(event: string, ...args: unknown[]): void {
  for (const fn of fake.app.get(event) ?? []) (fn as (...a: unknown[]) => unknown)(...args)
}

/** Calls a registered IPC handler as Electron would, from a frame at `url`. */
function invoke(method: string, url: string | null, payload: unknown = {}): Promise<Envelope<unknown>> {
  const handler = fake.handlers.get(invokeChannel(method as (typeof METHOD_NAMES)[number]))
  if (!handler) throw new Error(`no handler registered for ${method}`)
  return Promise.resolve(handler({ senderFrame: url === null ? null : { url } }, payload)) as Promise<Envelope<unknown>>
}

const firstWindow = () => fake.FakeBrowserWindow.all[0]
const preventable = () => ({ preventDefault: vi.fn() })

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cim-electron-'))
  dbPath = join(dir, 'history.sqlite')
  process.env.CIM_DB = dbPath
  delete process.env.ELECTRON_RENDERER_URL
  entry = await import('../../src/main/index')
  await vi.waitFor(() => expect(fake.FakeBrowserWindow.all.length).toBe(1))
})

afterAll(async () => {
  // Close whatever the entry opened, also when a test failed before the quit test.
  for (const w of fake.workbenches) await (w.closing ?? w.wb.close())
  rmSync(dir, { recursive: true, force: true })
  for (const [k, v] of Object.entries(savedEnv))
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
})

describe('the Electron entry', () => {
  it('opens the workbench on the CIM_DB database (not the user data folder)', () => {
    expect(fake.workbenches.map((w) => w.path)).toEqual([dbPath])
    expect(existsSync(dbPath)).toBe(true)
    expect(fake.getPath).toEqual([])
  })

  it('registers every contract method on its ipcMain channel, once', () => {
    expect([...fake.handlers.keys()].sort()).toEqual(METHOD_NAMES.map(invokeChannel).sort())
    expect(fake.handlers.size).toBe(METHOD_NAMES.length)
    expect(invokeChannel('zoo.list')).toBe('cim:zoo.list')
  })

  it('creates one hidden window with the secure webPreferences and shows it when ready', () => {
    expect(fake.FakeBrowserWindow.all).toHaveLength(1)
    const win = firstWindow()
    expect(win.options.show).toBe(false)
    expect(win.options.webPreferences).toEqual({
      preload: resolve(SRC_MAIN, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    })
    expect(win.options.webPreferences).toBe(entry.SECURE_WEB_PREFERENCES)
    expect(isAbsolute(entry.SECURE_WEB_PREFERENCES.preload)).toBe(true)
    expect(win.shown).toBe(false)
    win.emit('ready-to-show')
    expect(win.shown).toBe(true)
    expect(win.loaded).toEqual([`file:${resolve(SRC_MAIN, '../renderer/index.html')}`])
  })

  it('blocks navigation and new windows; only https links go to the system browser', () => {
    const contents = firstWindow().webContents
    const navigate = contents.listeners.get('will-navigate') ?? []
    expect(navigate).toHaveLength(1)
    const e = preventable()
    ;(navigate[0] as (e: unknown, url: string) => void)(e, 'https://evil.example/')
    expect(e.preventDefault).toHaveBeenCalled()

    const open = contents.windowOpenHandler!
    expect(open).toBeTypeOf('function')
    for (const url of ['https://example.org/paper.pdf', 'http://example.org/', 'file:///etc/passwd', 'javascript:alert(1)', 'about:blank']) {
      expect(open({ url }), url).toEqual({ action: 'deny' })
    }
    expect(fake.openedExternally).toEqual(['https://example.org/paper.pdf'])
  })

  it('prevents <webview> in any web contents', () => {
    const created = fake.app.get('web-contents-created') ?? []
    expect(created).toHaveLength(1)
    const contents = new fake.FakeWebContents()
    ;(created[0] as (e: unknown, c: unknown) => void)({}, contents)
    const e = preventable()
    for (const fn of contents.listeners.get('will-attach-webview') ?? []) (fn as (e: unknown) => void)(e)
    expect(e.preventDefault).toHaveBeenCalledTimes(1)
  })
})

/** The page the window loads (src/main/index.ts resolves ../renderer/index.html next to itself). */
const OUR_PAGE = pathToFileURL(resolve('src/renderer/index.html')).href

describe('IPC through the registered handlers', () => {
  it('answers our own page through the dispatcher, and no other file:// page', async () => {
    const r = await invoke('zoo.list', `${OUR_PAGE}#/history`)
    expect(r.ok).toBe(true)
    expect((r as { value: { name: string }[] }).value.map((z) => z.name)).toContain('lenet5')
    expect(await invoke('runs.list', OUR_PAGE, { limit: 5 })).toEqual({ ok: true, value: { total: 0, rows: [] } })
    // The payload is validated in main.
    expect(await invoke('runs.get', OUR_PAGE, { id: 'one' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } })
    expect(await invoke('zoo.list', 'file:///tmp/other/index.html')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('refuses a foreign or missing sender frame with FORBIDDEN, for every method', async () => {
    for (const url of ['https://evil.example', 'http://localhost:5173/', 'about:blank', '', null]) {
      for (const m of METHOD_NAMES) {
        expect(await invoke(m, url), `${m} from ${url}`).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'IPC from a foreign page' } })
      }
    }
  })

  it('in development, the dev server named by ELECTRON_RENDERER_URL is our page too', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173'
    try {
      expect((await invoke('zoo.list', 'http://localhost:5173/')).ok).toBe(true)
      expect(await invoke('zoo.list', 'https://evil.example/')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    } finally {
      delete process.env.ELECTRON_RENDERER_URL
    }
    expect(await invoke('zoo.list', 'http://localhost:5173/')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})

describe('events and the app lifecycle', () => {
  const job = {
    jobId: 'j1',
    kind: 'run',
    label: 'x',
    experimentId: 1,
    runIds: [],
    status: 'running',
    fraction: 0.5,
    step: 's',
    runsDone: 0,
    runsTotal: 1,
    startedAt: '',
    finishedAt: null,
    error: null,
  } satisfies JobInfo

  it('forwards workbench events to the window on the event channel until it is closed', () => {
    const win = firstWindow()
    const { wb } = fake.workbenches[0]
    wb.events.emit('job.progress', job)
    expect(win.webContents.sent).toEqual([[EVENT_CHANNEL, 'job.progress', job]])
    win.destroyed = true
    wb.events.emit('job.progress', job)
    expect(win.webContents.sent).toHaveLength(1) // not sent to a destroyed window
    win.destroyed = false
    win.emit('closed')
    wb.events.emit('job.finished', { ...job, status: 'done' })
    expect(win.webContents.sent).toHaveLength(1) // unsubscribed
    win.destroyed = true
  })

  it('activate makes a new secure window only when none is open', () => {
    emitApp('activate')
    expect(fake.FakeBrowserWindow.all).toHaveLength(2)
    const second = fake.FakeBrowserWindow.all[1]
    expect(second.options.webPreferences).toBe(entry.SECURE_WEB_PREFERENCES)
    expect(second.webContents.windowOpenHandler!({ url: 'http://x/' })).toEqual({ action: 'deny' })
    emitApp('activate')
    expect(fake.FakeBrowserWindow.all).toHaveLength(2)
    // The handlers were registered once, not per window.
    expect(fake.handlers.size).toBe(METHOD_NAMES.length)
  })

  it('quits when every window is closed (not on macOS)', () => {
    emitApp('window-all-closed')
    expect(fake.quits).toBe(process.platform === 'darwin' ? 0 : 1)
  })

  it('reports print in one hidden window without scripts, kept between reports and closed with an app window', async () => {
    const before = fake.FakeBrowserWindow.all.length
    expect(await invoke('reports.warm', OUR_PAGE)).toMatchObject({ ok: true })
    expect(fake.FakeBrowserWindow.all).toHaveLength(before + 1)
    const print = fake.FakeBrowserWindow.all[before]
    expect(print.options).toEqual({ show: false, webPreferences: { sandbox: true, contextIsolation: true, javascript: false } })
    await invoke('reports.warm', OUR_PAGE)
    expect(fake.FakeBrowserWindow.all).toHaveLength(before + 1) // the same window is kept
    const appWindow = fake.FakeBrowserWindow.all.find((w) => w.options.webPreferences === entry.SECURE_WEB_PREFERENCES && !w.destroyed)!
    appWindow.emit('closed') // else it would keep 'window-all-closed' from coming
    await vi.waitFor(() => expect(print.destroyed).toBe(true))
  })

  it('before-quit during a run cancels it, stops the pool and closes the database', async () => {
    const record = fake.workbenches[0]
    const started = await invoke('runs.start', OUR_PAGE, {
      run: {
        network: { zoo: 'lenet5' },
        arch: { preset: 'clsa-cim' },
        ...SPEC_DEFAULTS,
      },
    })
    expect(started.ok).toBe(true)
    expect(record.wb.pool.stats()).toMatchObject({ workers: 1, jobs: 1 })
    expect(record.closing).toBeUndefined()
    emitApp('before-quit')
    expect(record.closing).toBeInstanceOf(Promise)
    await record.closing
    expect(record.wb.history.db.open).toBe(false)
    expect(record.wb.pool.stats()).toMatchObject({ workers: 0, jobs: 0 })
    // The run left nothing half-written: it is cancelled, with no result.
    const history = openHistory(dbPath)
    try {
      const [runId] = (started as { value: JobInfo }).value.runIds
      expect(history.runs.get(runId).status).toBe('cancelled')
      expect(history.db.prepare('SELECT count(*) FROM results').pluck().get()).toBe(0)
    } finally {
      history.close()
    }
  })
})
