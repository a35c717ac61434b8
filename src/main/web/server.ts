import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import type { Dispatch } from '../ipc/dispatch'
import type { EventBus } from '../ipc/events'

export interface WebHostOptions {
  /** 0 picks a free port. */
  port: number
  dispatch: Dispatch
  events: EventBus
  /** Folder of the built renderer (index.html and assets). */
  rendererDir: string
  /** The per-session token; random when omitted. */
  token?: string
}

export interface WebHost {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
}
const COOKIE = 'cim_token'
/** Largest API request body, bytes (an imported ONNX file travels base64 in it). */
const MAX_BODY = 256 * 1024 * 1024

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, ...extra })
  res.end(body)
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(new Error(`request body over ${MAX_BODY} bytes`))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * The local web host: the built renderer and the IPC handlers over HTTP on 127.0.0.1 only, events
 * over Server-Sent Events. Every request must carry the per-session token (query, header or the
 * cookie set when the page is opened with it) and, when present, a Host and Origin of this server.
 */
export function startWebHost(o: WebHostOptions): Promise<WebHost> {
  const token = o.token ?? randomBytes(24).toString('base64url')
  let port = 0
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`]

  const authorized = (req: IncomingMessage, url: URL): boolean => {
    if (!allowedHosts().includes(req.headers.host ?? '')) return false
    const origin = req.headers.origin
    if (origin && !allowedHosts().some((h) => origin === `http://${h}`)) return false
    const cookie = /(?:^|;\s*)cim_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
    const given = url.searchParams.get('token') ?? (req.headers['x-cim-token'] as string | undefined) ?? cookie ?? ''
    return same(given, token)
  }

  const serveFile = (res: ServerResponse, pathname: string, setCookie: boolean) => {
    const root = normalize(o.rendererDir)
    const file = normalize(join(root, pathname === '/' ? 'index.html' : decodeURIComponent(pathname)))
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) return send(res, 404, 'not found')
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      ...(setCookie && { 'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` }),
    })
    createReadStream(file).pipe(res)
  }

  const events = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', connection: 'keep-alive' })
    res.write(': connected\n\n')
    const unsubscribe = o.events.subscribe((name, payload) => res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`))
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000)
    req.on('close', () => {
      clearInterval(ping)
      unsubscribe()
    })
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (!authorized(req, url)) return send(res, 403, 'forbidden: this workbench session needs its token (open the URL printed at start)')
    if (url.pathname === '/api/events' && req.method === 'GET') return events(req, res)
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, 'use POST')
      let payload: unknown
      try {
        const body = await readBody(req)
        payload = body ? JSON.parse(body) : {}
      } catch (e) {
        return send(res, 400, JSON.stringify({ ok: false, error: { code: 'BAD_BODY', message: (e as Error).message } }), 'application/json')
      }
      const envelope = await o.dispatch(url.pathname.slice('/api/'.length), payload)
      return send(res, 200, JSON.stringify(envelope), 'application/json')
    }
    if (req.method !== 'GET') return send(res, 405, 'method not allowed')
    serveFile(res, url.pathname, url.searchParams.has('token'))
  }

  // A request that cannot be parsed (a bad URL or percent-escape) is answered 400, never fatal.
  const server = createServer((req, res) =>
    handle(req, res).catch((e: Error) => {
      if (!res.headersSent) send(res, 400, `bad request: ${e.message}`)
      else res.destroy()
    }),
  )

  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(o.port, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port
      resolve({
        url: `http://127.0.0.1:${port}/?token=${token}`,
        port,
        token,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections()
            server.close(() => r())
          }),
      })
    })
  })
}
