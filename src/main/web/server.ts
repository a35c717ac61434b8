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
/** Largest request body of a method, bytes: imports carry a file (an ONNX file travels base64 in it), everything else is small. */
export const BODY_LIMITS: Record<string, number> = { 'networks.import': 128 * 1024 * 1024, 'experiments.import': 128 * 1024 * 1024 }
/** Largest request body of any other method, bytes. */
export const SMALL_BODY = 1024 * 1024
/** Most bytes of request bodies held at once over all requests; a request beyond it is answered 503 (try again). */
export const BODIES_IN_FLIGHT = 256 * 1024 * 1024

/** A request body refused: too large for its method (413) or over the bytes in flight (503). */
class BodyError extends Error {
  constructor(
    readonly status: 413 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

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

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`

/** Bytes of request bodies a host is receiving now, over all its requests. */
interface InFlight {
  bytes: number
}

/** Reads a request body of at most `limit` bytes, counting it in the host's bytes in flight until it is read or refused. */
function readBody(req: IncomingMessage, method: string, limit: number, flight: InFlight): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (e?: BodyError) => {
      flight.bytes -= size
      size = 0
      req.removeAllListeners('data')
      if (e) reject(e)
      else resolve(Buffer.concat(chunks).toString('utf8'))
    }
    const refuse = (n: number): BodyError | undefined => {
      if (n > limit) return new BodyError(413, 'BODY_TOO_LARGE', `${method}: request body over ${mb(limit)}`)
      if (flight.bytes + n - size > BODIES_IN_FLIGHT)
        return new BodyError(503, 'HOST_BUSY', `${method}: the host is receiving ${mb(flight.bytes)} of other requests: try again`)
    }
    const declared = Number(req.headers['content-length'] ?? 0)
    const early = refuse(declared)
    if (early) return reject(early)
    req.on('data', (c: Buffer) => {
      const e = refuse(size + c.length)
      if (e) return done(e)
      size += c.length
      flight.bytes += c.length
      chunks.push(c)
    })
    req.on('end', () => done())
    req.on('error', () => done(new BodyError(413, 'BAD_BODY', `${method}: the request body was cut off`)))
  })
}

/**
 * The local web host: the built renderer and the IPC handlers over HTTP on 127.0.0.1 only, events
 * over Server-Sent Events. Every request must carry the per-session token (query, header or the
 * cookie set when the page is opened with it) and, when present, a Host and Origin of this server.
 */
export function startWebHost(o: WebHostOptions): Promise<WebHost> {
  const token = o.token ?? randomBytes(24).toString('base64url')
  const flight: InFlight = { bytes: 0 }
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
      const method = url.pathname.slice('/api/'.length)
      let payload: unknown
      try {
        const body = await readBody(req, method, Object.hasOwn(BODY_LIMITS, method) ? BODY_LIMITS[method] : SMALL_BODY, flight)
        payload = body ? JSON.parse(body) : {}
      } catch (e) {
        const refused = e instanceof BodyError
        const error = refused ? { code: e.code, message: e.message } : { code: 'BAD_BODY', message: `${method}: the request body is not JSON` }
        res.once('finish', () => refused && req.destroy()) // stop receiving the rest of a refused body
        return send(res, refused ? e.status : 400, JSON.stringify({ ok: false, error }), 'application/json', refused ? { connection: 'close' } : {})
      }
      const envelope = await o.dispatch(method, payload)
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
