/**
 * The local web host over real sockets: 127.0.0.1 only, the per-session token (query, header,
 * cookie), Host and Origin checks, the API envelope, static files without path traversal, and
 * events over Server-Sent Events. Requests go through node:http where a test needs exact control
 * over the path or the Host header (fetch normalizes both), and through fetch for the event stream.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request, type IncomingHttpHeaders } from 'node:http'
import { connect } from 'node:net'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Dispatch } from '../../src/main/ipc/dispatch'
import { startWebHost, type WebHost } from '../../src/main/web/server'
import { openWorkbench, type Workbench } from '../../src/main/workbench'
import type { Envelope, JobInfo, ZooModel } from '../../src/shared/ipc'
import { removeTempDirs, tempDbPath } from '../db/helpers'
import { runRequest } from '../ipc/helpers'

const INDEX_HTML = '<!doctype html><html><head><title>cim test page</title></head><body><div id="app"></div></body></html>\n'
const APP_JS = 'console.log("cim test asset")\n'
const SECRET = 'secret outside the renderer folder'

let dir: string
let rendererDir: string
let wb: Workbench
let host: WebHost
/** Methods that reached the dispatcher (a refused request must never get there). */
const dispatched: string[] = []

interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** One HTTP request to the host with node:http: the path is sent as given, headers exactly as given (Host included). */
function http(path: string, o: { method?: string; headers?: Record<string, string>; body?: string; port?: number } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: o.port ?? host.port, path, method: o.method ?? 'GET', headers: o.headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${path} within 10 s`)))
    req.end(o.body)
  })
}

/** POST /api/<method> with the token header; returns the status and the parsed body. */
async function api(method: string, payload: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Envelope<unknown> }> {
  const r = await http(`/api/${method}`, {
    method: 'POST',
    headers: { 'x-cim-token': host.token, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(payload),
  })
  expect(r.headers['content-type']).toBe('application/json')
  return { status: r.status, body: JSON.parse(r.body) as Envelope<unknown> }
}

/** Whether a TCP connection to address:port succeeds. */
function canConnect(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: address, port })
    s.setTimeout(2000, () => (s.destroy(), resolve(false)))
    s.on('connect', () => (s.destroy(), resolve(true)))
    s.on('error', () => resolve(false))
  })
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cim-web-'))
  rendererDir = join(dir, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), INDEX_HTML)
  writeFileSync(join(rendererDir, 'assets', 'app.js'), APP_JS)
  // Files next to the renderer folder that no URL may reach (one shares the folder's name as a prefix).
  writeFileSync(join(dir, 'secret.txt'), SECRET)
  mkdirSync(join(dir, 'renderer-private'))
  writeFileSync(join(dir, 'renderer-private', 'key.txt'), SECRET)
  wb = openWorkbench(tempDbPath(), 1)
  const dispatch: Dispatch = (method, payload) => {
    dispatched.push(method)
    return wb.dispatch(method, payload)
  }
  host = await startWebHost({ port: 0, dispatch, events: wb.events, rendererDir })
})

afterAll(async () => {
  await host?.close()
  await wb?.close()
  rmSync(dir, { recursive: true, force: true })
  removeTempDirs()
})

describe('listening', () => {
  it('prints a 127.0.0.1 URL with a random token and accepts connections on 127.0.0.1 only', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`)
    expect(host.port).toBeGreaterThan(0)
    expect(host.token).toMatch(/^[\w-]{32}$/) // 24 random bytes, base64url
    expect(await canConnect('127.0.0.1', host.port)).toBe(true)
    // Bound to 0.0.0.0 the server would also answer on the rest of the loopback net and on every interface.
    expect(await canConnect('127.0.0.2', host.port)).toBe(false)
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal)
      .map((i) => i!.address)
    for (const address of external) expect(await canConnect(address, host.port), address).toBe(false)
    expect(await canConnect('::1', host.port)).toBe(false)
  })

  it('a second host gets its own token', async () => {
    const other = await startWebHost({ port: 0, dispatch: wb.dispatch, events: wb.events, rendererDir })
    try {
      expect(other.token).not.toBe(host.token)
      expect(other.port).not.toBe(host.port)
      expect((await http(`/?token=${host.token}`, { port: other.port })).status).toBe(403)
    } finally {
      await other.close()
    }
  })
})

describe('the session token', () => {
  it('GET /?token=T serves index.html and sets the HttpOnly, SameSite=Strict session cookie', async () => {
    const r = await http(`/?token=${host.token}`)
    expect(r.status).toBe(200)
    expect(r.body).toBe(INDEX_HTML)
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(r.headers['set-cookie']).toEqual([`cim_token=${host.token}; HttpOnly; SameSite=Strict; Path=/`])
    expect(r.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    })
  })

  it('the cookie alone opens the assets and the API (no cookie is set again)', async () => {
    const cookie = `theme=dark; cim_token=${host.token}`
    const js = await http('/assets/app.js', { headers: { cookie } })
    expect(js).toMatchObject({ status: 200, body: APP_JS })
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(js.headers['set-cookie']).toBeUndefined()
    const r = await http('/api/zoo.list', { method: 'POST', headers: { cookie }, body: '{}' })
    expect(JSON.parse(r.body)).toMatchObject({ ok: true })
  })

  it('requests without the token or with a wrong one are refused with 403 and never reach the handlers', async () => {
    const before = dispatched.length
    const wrong = host.token.slice(0, -1) + (host.token.endsWith('A') ? 'B' : 'A')
    const cases: [string, { method?: string; headers?: Record<string, string>; body?: string }][] = [
      ['/', {}],
      ['/index.html', {}],
      ['/assets/app.js', {}],
      ['/?token=', {}],
      [`/?token=${wrong}`, {}],
      [`/?token=${host.token}x`, {}],
      [`/?token=${host.token.toUpperCase()}`, {}],
      ['/assets/app.js', { headers: { cookie: `cim_token=${wrong}` } }],
      ['/assets/app.js', { headers: { cookie: `other_token=${host.token}` } }],
      ['/api/zoo.list', { method: 'POST', body: '{}' }],
      ['/api/zoo.list', { method: 'POST', body: '{}', headers: { 'x-cim-token': wrong } }],
      ['/api/runs.delete', { method: 'POST', body: '{"ids":[1]}', headers: { 'x-cim-token': '' } }],
      ['/api/events', {}],
      ['/api/events', { headers: { 'x-cim-token': wrong } }],
    ]
    for (const [path, o] of cases) {
      const r = await http(path, o)
      expect(r.status, `${o.method ?? 'GET'} ${path} ${JSON.stringify(o.headers ?? {})}`).toBe(403)
      expect(r.body).toMatch(/^forbidden/)
      expect(r.headers['set-cookie']).toBeUndefined()
    }
    expect(dispatched.length).toBe(before)
  })

  it('a wrong token in the query is not rescued by a right cookie or header (the query wins)', async () => {
    expect((await http('/?token=nope', { headers: { cookie: `cim_token=${host.token}` } })).status).toBe(403)
    expect((await http('/api/zoo.list?token=nope', { method: 'POST', headers: { 'x-cim-token': host.token } })).status).toBe(403)
  })
})

describe('Host and Origin', () => {
  it('a foreign Host header is refused even with the token (DNS rebinding)', async () => {
    const before = dispatched.length
    for (const hostHeader of [
      `evil.example:${host.port}`,
      'evil.example',
      `127.0.0.1:${host.port + 1}`,
      `127.0.0.1`,
      `0.0.0.0:${host.port}`,
      `[::1]:${host.port}`,
    ]) {
      const page = await http(`/?token=${host.token}`, { headers: { host: hostHeader } })
      expect(page.status, hostHeader).toBe(403)
      const call = await http('/api/zoo.list', { method: 'POST', body: '{}', headers: { host: hostHeader, 'x-cim-token': host.token } })
      expect(call.status, hostHeader).toBe(403)
    }
    expect(dispatched.length).toBe(before)
    expect((await http(`/?token=${host.token}`, { headers: { host: `localhost:${host.port}` } })).status).toBe(200)
  })

  it('a request without any Host header is refused', async () => {
    const head = await new Promise<string>((resolve, reject) => {
      const s = connect(host.port, '127.0.0.1', () => s.end(`GET /?token=${host.token} HTTP/1.0\r\n\r\n`))
      let data = ''
      s.on('data', (c) => (data += c))
      s.on('end', () => resolve(data.split('\r\n')[0]))
      s.on('error', reject)
    })
    expect(head).toBe('HTTP/1.1 403 Forbidden')
  })

  it('a foreign Origin is refused even with the token (cross-site requests)', async () => {
    const before = dispatched.length
    for (const origin of [
      'https://evil.example',
      'null',
      `http://evil.example:${host.port}`,
      `https://127.0.0.1:${host.port}`,
      `http://127.0.0.1:${host.port}.evil.example`,
      'http://127.0.0.1',
    ]) {
      const call = await http('/api/zoo.list', { method: 'POST', body: '{}', headers: { origin, 'x-cim-token': host.token } })
      expect(call.status, origin).toBe(403)
      expect((await http(`/?token=${host.token}`, { headers: { origin } })).status, origin).toBe(403)
    }
    expect(dispatched.length).toBe(before)
    for (const origin of [`http://127.0.0.1:${host.port}`, `http://localhost:${host.port}`]) {
      const r = await http('/api/zoo.list', { method: 'POST', body: '{}', headers: { origin, 'x-cim-token': host.token } })
      expect(r.status, origin).toBe(200)
    }
  })
})

describe('the API', () => {
  it('POST /api/zoo.list with the x-cim-token header answers the envelope', async () => {
    const r = await api('zoo.list', {})
    expect(r.status).toBe(200)
    expect(r.body.ok).toBe(true)
    const zoo = (r.body as { value: ZooModel[] }).value
    expect(zoo.map((z) => z.name)).toContain('lenet5')
    expect(zoo).toHaveLength(8)
    expect(zoo.find((z) => z.name === 'lenet5')).toMatchObject({ params: 61_706, macs: 416_520 })
  })

  it('errors travel in the envelope: bad payload, unknown method, a handler error', async () => {
    expect(await api('runs.get', { id: 'one' })).toMatchObject({
      status: 200,
      body: { ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/^runs\.get: id: /) } },
    })
    expect(await api('zoo.destroy', {})).toEqual({
      status: 200,
      body: { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'unknown method "zoo.destroy"' } },
    })
    expect(await api('runs.get', { id: 4242 })).toEqual({ status: 200, body: { ok: false, error: { code: 'NOT_FOUND', message: 'no run with id 4242' } } })
  })

  it('an empty body is an empty request; a body that is not JSON is a 400', async () => {
    const empty = await http('/api/zoo.list', { method: 'POST', headers: { 'x-cim-token': host.token } })
    expect(JSON.parse(empty.body)).toMatchObject({ ok: true })
    const bad = await http('/api/zoo.list', { method: 'POST', headers: { 'x-cim-token': host.token }, body: '{"oops":' })
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'BAD_BODY' } })
  })

  it('bodies have a limit per method: 1 MB for a run request, 128 MB for an import; a refused body never reaches the dispatcher', async () => {
    const before = dispatched.length
    const big = await http('/api/runs.start', { method: 'POST', headers: { 'x-cim-token': host.token }, body: JSON.stringify({ pad: 'x'.repeat(1_100_000) }) })
    expect(big.status).toBe(413)
    expect(JSON.parse(big.body)).toEqual({ ok: false, error: { code: 'BODY_TOO_LARGE', message: 'runs.start: request body over 1 MB' } })
    const declared = await http('/api/networks.import', { method: 'POST', headers: { 'x-cim-token': host.token, 'content-length': String(129 * 1024 * 1024) } })
    expect(JSON.parse(declared.body).error).toEqual({ code: 'BODY_TOO_LARGE', message: 'networks.import: request body over 128 MB' })
    expect(dispatched.length).toBe(before)
    const ok = await api('experiments.import', { json: JSON.stringify({ pad: 'y'.repeat(1_100_000) }) })
    expect(ok.body).toMatchObject({ ok: false, error: { code: 'BAD_IMPORT' } }) // received and read as a document
  })

  it('any method but POST on /api/<method> is 405, and only GET reaches the files', async () => {
    const before = dispatched.length
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const r = await http('/api/zoo.list', { method, headers: { 'x-cim-token': host.token } })
      expect(r.status, method).toBe(405)
    }
    expect((await http('/api/x', { headers: { 'x-cim-token': host.token } })).status).toBe(405)
    expect((await http('/index.html', { method: 'POST', headers: { 'x-cim-token': host.token } })).status).toBe(405)
    expect((await http('/api/events', { method: 'POST', headers: { 'x-cim-token': host.token } })).status).toBe(200) // a method named "events"
    expect(dispatched.slice(before)).toEqual(['events'])
  })
})

describe('static files', () => {
  const token = () => ({ 'x-cim-token': host.token })

  it('serves files below the renderer folder, percent-decoded', async () => {
    expect(await http('/assets/app.js', { headers: token() })).toMatchObject({ status: 200, body: APP_JS })
    expect(await http('/assets%2Fapp.js', { headers: token() })).toMatchObject({ status: 200, body: APP_JS })
    expect((await http('/assets', { headers: token() })).status).toBe(404) // a folder
    expect((await http('/missing.js', { headers: token() })).status).toBe(404)
  })

  it('no path leaves the renderer folder: traversal is a 404, never a file outside', async () => {
    for (const path of [
      '/../secret.txt',
      '/../../../../etc/passwd',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/..%2fsecret.txt',
      '/..%2Fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%2frenderer-private/key.txt',
      '/..%5csecret.txt',
      '/%2fetc%2fpasswd',
      '//etc/passwd',
      '/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/../package.json',
      '/%2e%2e/package.json',
    ]) {
      const r = await http(path, { headers: token() })
      expect(r.status, path).toBe(404)
      expect(r.body, path).toBe('not found')
    }
  })
})

describe('events over Server-Sent Events', () => {
  it('a run started through the API streams job.progress, run.saved and job.finished', async () => {
    const abort = new AbortController()
    const timer = setTimeout(() => abort.abort(new Error('no job.finished event within 30 s')), 30_000)
    try {
      const res = await fetch(`http://127.0.0.1:${host.port}/api/events`, { headers: { 'x-cim-token': host.token }, signal: abort.signal })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/event-stream')
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
      let text = ''
      const readUntil = async (done: () => boolean) => {
        while (!done()) {
          const { value, done: end } = await reader.read()
          if (end) throw new Error(`the event stream ended early: ${text}`)
          text += value
        }
      }
      await readUntil(() => text.includes(': connected\n\n'))

      const started = await api('runs.start', { run: runRequest(), experiment: 'web events' })
      expect(started.body.ok).toBe(true)
      const job = (started.body as { value: JobInfo }).value
      const events = () =>
        text
          .slice(0, text.lastIndexOf('\n\n')) // complete blocks only
          .split('\n\n')
          .filter((b) => b.startsWith('event: '))
          .map((b) => {
            const [head, data] = b.split('\n')
            return { name: head.slice('event: '.length), data: JSON.parse(data.slice('data: '.length)) as { jobId?: string; runId?: number } }
          })
      await readUntil(() => events().some((e) => e.name === 'job.finished' && e.data.jobId === job.jobId))
      const mine = events().filter((e) => e.data.jobId === job.jobId || e.name === 'run.saved')
      const names = mine.map((e) => e.name)
      expect(names).toContain('job.progress')
      expect(names.indexOf('job.progress')).toBeLessThan(names.indexOf('job.finished'))
      const finished = mine.find((e) => e.name === 'job.finished')!.data as JobInfo
      expect(finished).toMatchObject({ jobId: job.jobId, status: 'done', fraction: 1 })
      expect(mine.find((e) => e.name === 'run.saved')!.data).toMatchObject({ runId: finished.runIds[0], experimentId: job.experimentId })
      // The same run is now in the history behind the API.
      expect(await api('runs.get', { id: finished.runIds[0] })).toMatchObject({ body: { ok: true, value: { run: { status: 'done' } } } })
    } finally {
      clearTimeout(timer)
      abort.abort()
    }
  })
})

/** Starts the host in a child process; resolves with the child and its port. */
async function childHost(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./fixtures/host.ts', import.meta.url).pathname, rendererDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (c) => {
      out += c
      if (out.includes('\n')) resolve(Number(out.trim()))
    })
    child.on('exit', (code) => reject(new Error(`the host exited with ${code} before listening`)))
  })
  return { child, port }
}

/** Sends one raw request line to a fresh child host; then says whether it still serves ('serving') or how it ended. */
async function afterRequest(requestLine: string, token = true): Promise<string> {
  const { child, port } = await childHost()
  let stderr = ''
  child.stderr!.on('data', (c) => (stderr += c))
  try {
    await new Promise<void>((resolve) => {
      const s = connect(port, '127.0.0.1', () => s.end(`${requestLine}\r\nHost: 127.0.0.1:${port}\r\n${token ? 'x-cim-token: T\r\n' : ''}\r\n`))
      s.on('data', () => {})
      s.on('close', () => resolve())
      s.on('error', () => resolve())
    })
    await new Promise((r) => setTimeout(r, 200))
    if (child.exitCode !== null) return `exited with code ${child.exitCode}: ${stderr.split('\n').find((l) => /Error/.test(l)) ?? ''}`
    const r = await http('/index.html', { port, headers: { 'x-cim-token': 'T' } })
    return r.status === 200 ? 'serving' : `answers ${r.status}`
  } catch (e) {
    return `unreachable: ${(e as Error).message}`
  } finally {
    child.kill()
  }
}

describe('robustness', () => {
  it('the child host used below serves normally', async () => {
    expect(await afterRequest('GET /index.html HTTP/1.1')).toBe('serving')
  })

  // BUG (reported): serveFile calls decodeURIComponent on the path unguarded; the URIError rejects the
  // async request listener and the unhandled rejection ends the whole process (`npm run serve` dies).
  it('a malformed percent-escape in a file path is answered, not fatal', async () => {
    expect(await afterRequest('GET /%E0%A4%A HTTP/1.1')).toBe('serving')
  })

  // BUG (reported): `new URL(req.url, ...)` throws for an absolute-form request target such as
  // "http://[x"; it runs before the token check, so one tokenless request ends the process.
  it('an unparsable request target is answered, not fatal (before any token check)', async () => {
    expect(await afterRequest('GET http://[x HTTP/1.1', false)).toBe('serving')
  })
})
