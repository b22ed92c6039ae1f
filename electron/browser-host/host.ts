import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { createBackend, type Backend, type BackendOptions } from '../backend/backend';

/** Addresses the browser host may bind to. It is a development and test host: never anything but loopback. */
export const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'] as const;

export const SECRET_HEADER = 'x-onestop-secret';
export const CALLER_HEADER = 'x-onestop-caller';
export const BRIDGE_PATH = '/bridge/invoke';

export const HOST_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export interface BrowserHostOptions extends Omit<BackendOptions, 'dataDir'> {
  readonly port: number;
  readonly dataDir: string;
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  readonly host?: string;
}

export interface BrowserHost {
  readonly url: string;
  readonly secret: string;
  readonly backend: Backend;
  close(): Promise<void>;
}

export class NotLoopbackError extends Error {
  constructor(host: string) {
    super(`The browser host only listens on loopback (127.0.0.1 or ::1), not on ${host}.`);
    this.name = 'NotLoopbackError';
  }
}

function sameSecret(given: string | string[] | undefined, secret: Buffer): boolean {
  if (typeof given !== 'string') return false;
  const candidate = Buffer.from(given);
  return candidate.length === secret.length && timingSafeEqual(candidate, secret);
}

/**
 * Serves the built renderer and carries the renderer's `invoke` to the same backend the Electron
 * main process uses. The per-run secret reaches only a page loaded from this host by its own
 * loopback name (which defeats DNS rebinding); the bridge needs it in a custom header, which no
 * other origin can send without a CORS preflight that this host never approves.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const bindHost = options.host ?? '127.0.0.1';
  if (!(LOOPBACK_HOSTS as readonly string[]).includes(bindHost)) throw new NotLoopbackError(bindHost);

  const secretText = randomBytes(32).toString('base64url');
  const secret = Buffer.from(secretText);
  const backend = createBackend({ ...options, dataDir: options.dataDir });
  const indexHtml = await readFile(join(options.rendererDir, 'index.html'), 'utf8').catch(() => {
    backend.close();
    throw new Error(`No built renderer in ${options.rendererDir}: run "npm run build" first.`);
  });

  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 1024 * 1024, forceCloseConnections: true });
  let allowedHosts: Set<string> = new Set();

  app.addHook('onRequest', async (request, reply) => {
    // A page on another origin that resolves its own name to 127.0.0.1 still sends that name as Host.
    if (!allowedHosts.has(request.headers.host ?? '')) {
      return reply.code(421).type('text/plain').send('Misdirected request: use the address the host printed.');
    }
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', HOST_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    reply.header('cache-control', 'no-store');
    return payload;
  });

  const servePage = async (_request: unknown, reply: import('fastify').FastifyReply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(indexHtml.replace('</head>', `<meta name="onestop-bridge" content="${secretText}"></head>`));
  app.get('/', servePage);
  app.get('/index.html', servePage);

  app.post(BRIDGE_PATH, async (request, reply) => {
    if (!sameSecret(request.headers[SECRET_HEADER], secret)) {
      return reply.code(403).send({ ok: false, error: { code: 'auth/forbidden', message: 'Missing or wrong bridge secret.' } });
    }
    const caller = request.headers[CALLER_HEADER];
    if (typeof caller !== 'string' || !/^[A-Za-z0-9-]{8,64}$/.test(caller)) {
      return reply.code(400).send({ ok: false, error: { code: 'input/invalid', message: 'Missing caller id.' } });
    }
    const body = request.body as { channel?: unknown; input?: unknown } | null;
    return reply.send(await backend.dispatch(body?.channel, body?.input, `browser:${caller}`));
  });

  await app.register(fastifyStatic, { root: options.rendererDir, index: false, wildcard: true, serveDotFiles: false });

  try {
    await app.listen({ host: bindHost, port: options.port });
  } catch (error) {
    backend.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const urlHost = bindHost === '::1' ? '[::1]' : bindHost;
  allowedHosts = new Set([`${urlHost}:${port}`, `127.0.0.1:${port}`, `localhost:${port}`]);

  return {
    url: `http://${urlHost}:${port}/`,
    secret: secretText,
    backend,
    async close() {
      await app.close();
      backend.close();
    },
  };
}
