import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultMix, type FaultProxy } from '../support/faultProxy';
import { Random, deriveSeed, mulberry32 } from '../support/random';

/** A tiny real HTTP server that records what reached it: connections, requests begun, requests handled. */
interface Target {
  server: Server;
  port: number;
  connections: number;
  begun: number;
  /** Requests whose whole body arrived and were answered ("committed"). */
  handled: { method: string; url: string; body: string; connection: string | undefined }[];
}

let target: Target;
let proxy: FaultProxy | undefined;

async function startTarget(): Promise<Target> {
  const t: Target = { server: createServer(), port: 0, connections: 0, begun: 0, handled: [] };
  t.server.on('connection', () => (t.connections += 1));
  t.server.on('request', (req: IncomingMessage, res) => {
    t.begun += 1;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      t.handled.push({ method: req.method ?? '', url: req.url ?? '', body, connection: req.headers.connection });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ n: t.handled.length, echo: body.length }));
    });
  });
  await new Promise<void>((resolve) => t.server.listen(0, '127.0.0.1', resolve));
  t.port = (t.server.address() as AddressInfo).port;
  return t;
}

async function withProxy(faults: FaultMix, seed = 1): Promise<FaultProxy> {
  proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: target.port }, seed, faults });
  return proxy;
}

/** One raw request through node:http, resolving with the response or the socket error's code. */
function send(url: string, body: string, options: { chunked?: boolean } = {}) {
  const { hostname, port } = new URL(url);
  return new Promise<{ status: number; body: string; connection: string | undefined } | { error: string }>((resolve) => {
    const req = request(
      {
        host: hostname,
        port,
        path: '/api/v1/sync/push',
        method: 'POST',
        headers: options.chunked ? { 'content-type': 'application/json' } : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, connection: res.headers.connection }));
        res.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    if (options.chunked) {
      // Two chunks, so the proxy has to frame a chunked body.
      req.write(body.slice(0, body.length >> 1));
      req.end(body.slice(body.length >> 1));
    } else {
      req.end(body);
    }
  });
}

async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const BODY = JSON.stringify({ changes: Array.from({ length: 50 }, (_, i) => ({ id: `id-${i}`, data: 'x'.repeat(200) })) });

beforeEach(async () => {
  target = await startTarget();
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  target.server.closeAllConnections();
  await new Promise((resolve) => target.server.close(resolve));
});

describe('seeded random', () => {
  it('repeats its sequence for a seed, and derived streams differ', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(deriveSeed(42, 0)).not.toBe(deriveSeed(42, 1));
    const r = new Random(7);
    for (let i = 0; i < 100; i++) expect(r.int(3, 5)).toBeGreaterThanOrEqual(3);
  });
});

describe('fault proxy', () => {
  it('passes requests through, whole, and turns keep-alive into one request per connection', async () => {
    const p = await withProxy({});
    const answer = await send(p.url, BODY);
    expect(answer).toMatchObject({ status: 200, connection: 'close' });
    expect(target.handled).toHaveLength(1);
    expect(target.handled[0]).toMatchObject({ method: 'POST', url: '/api/v1/sync/push', body: BODY, connection: 'close' });

    // A chunked body is framed too.
    expect(await send(p.url, BODY, { chunked: true })).toMatchObject({ status: 200 });
    expect(target.handled[1]?.body).toBe(BODY);

    // fetch (undici) keeps connections alive: it must still get every answer, one connection each.
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${p.url}/x${i}`, { method: 'POST', body: BODY });
      expect(response.status).toBe(200);
      await response.json();
    }
    expect(target.handled).toHaveLength(7);
    expect(p.stats).toMatchObject({ requests: 7, pass: 7, connections: 7, tunnelled: 0 });
  });

  it('reset: the client gets a connection reset and the target sees nothing', async () => {
    const p = await withProxy({ reset: 1 });
    expect(await send(p.url, BODY)).toEqual({ error: 'ECONNRESET' });
    await expect(fetch(p.url, { method: 'POST', body: BODY })).rejects.toThrow();
    expect(target.connections).toBe(0);
    expect(target.handled).toHaveLength(0);
    expect(p.stats).toMatchObject({ requests: 2, reset: 2, pass: 0 });
  });

  it('dropMidRequest: part of the request reaches the target, which never handles it; the client errs', async () => {
    const p = await withProxy({ dropMidRequest: 1 }, 3);
    for (let i = 0; i < 4; i++) expect(await send(p.url, BODY)).toHaveProperty('error');
    await until(() => target.connections === 4);
    expect(target.handled).toHaveLength(0);
    expect(p.stats).toMatchObject({ requests: 4, dropMidRequest: 4 });
  });

  it('responseLost: the target handled (committed) the request, the client gets a socket error', async () => {
    const p = await withProxy({ responseLost: 1 });
    expect(await send(p.url, BODY)).toHaveProperty('error');
    expect(target.handled).toHaveLength(1);
    expect(target.handled[0]?.body).toBe(BODY);
    await expect(fetch(p.url, { method: 'POST', body: BODY })).rejects.toThrow();
    expect(target.handled).toHaveLength(2);
    expect(p.stats).toMatchObject({ requests: 2, responseLost: 2 });
  });

  it('duplicate: the target sees the request twice, the client gets one answer', async () => {
    const p = await withProxy({ duplicate: 1 });
    const answer = await send(p.url, BODY);
    expect(answer).toMatchObject({ status: 200 });
    await until(() => target.handled.length === 2);
    expect(target.handled.map((h) => h.body)).toEqual([BODY, BODY]);
    expect(target.connections).toBe(2);
    expect(p.stats).toMatchObject({ requests: 1, duplicate: 1 });
  });

  it('delay: holds the request for the drawn time, then passes it', async () => {
    const p = await withProxy({ delay: 1, delayMs: [150, 150] });
    const started = performance.now();
    expect(await send(p.url, BODY)).toMatchObject({ status: 200 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(target.handled).toHaveLength(1);
    expect(p.stats).toMatchObject({ requests: 1, pass: 1, delayed: 1 });
    expect(p.decisions[0]).toMatchObject({ kind: 'pass', delayMs: 150 });
  });

  it('draws the same faults for the same seed, in proportion to the mix; setFaults and appliesTo steer it', async () => {
    const mix: FaultMix = { reset: 0.2, dropMidRequest: 0.2, responseLost: 0.2, duplicate: 0.2 };
    const run = async (seed: number) => {
      const p = await startFaultProxy({ target: { host: '127.0.0.1', port: target.port }, seed, faults: mix });
      for (let i = 0; i < 40; i++) await send(p.url, '{}');
      await p.close();
      return { kinds: p.decisions.map((d) => d.kind), stats: { ...p.stats } };
    };
    const first = await run(99);
    const again = await run(99);
    const other = await run(100);
    expect(again.kinds).toEqual(first.kinds);
    expect(other.kinds).not.toEqual(first.kinds);
    for (const kind of ['pass', 'reset', 'dropMidRequest', 'responseLost', 'duplicate'] as const) {
      expect(first.stats[kind]).toBeGreaterThan(0);
    }
    expect(first.stats.pass + first.stats.reset + first.stats.dropMidRequest + first.stats.responseLost + first.stats.duplicate).toBe(40);

    const p = await startFaultProxy({
      target: { host: '127.0.0.1', port: target.port },
      seed: 5,
      faults: { reset: 1 },
      appliesTo: (method) => method === 'POST',
    });
    proxy = p;
    const health = await fetch(`${p.url}/api/v1/health`);
    expect(health.status).toBe(200);
    await health.arrayBuffer();
    expect(await send(p.url, '{}')).toEqual({ error: 'ECONNRESET' });
    p.setFaults({});
    expect(await send(p.url, '{}')).toMatchObject({ status: 200 });
    expect(() => p.setFaults({ reset: 0.6, duplicate: 0.6 })).toThrow(RangeError);
  });

  it('resets the client when the target is down, and follows setTarget to a new one', async () => {
    const p = await withProxy({});
    const oldPort = target.port;
    target.server.closeAllConnections();
    await new Promise((resolve) => target.server.close(resolve));
    expect(await send(p.url, BODY)).toHaveProperty('error');
    expect(p.stats.upstreamErrors).toBe(1);

    target = await startTarget();
    expect(target.port).not.toBe(oldPort);
    p.setTarget({ host: '127.0.0.1', port: target.port });
    expect(await send(p.url, BODY)).toMatchObject({ status: 200 });
  });

  it('tunnels bytes that are not an HTTP request, without faults', async () => {
    const p = await withProxy({ reset: 1 });
    const { connect } = await import('node:net');
    const socket = connect(p.port, '127.0.0.1');
    socket.on('error', () => {});
    socket.write('NOT HTTP\r\n\r\n');
    await until(() => p.stats.tunnelled === 1);
    socket.destroy();
    expect(p.stats.reset).toBe(0);
  });
});
