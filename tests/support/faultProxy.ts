/**
 * A fault-injecting TCP proxy for sync tests: a real `node:net` server on 127.0.0.1 in front of a
 * target host:port (the hub). For each request it draws, from a SEEDED generator, one of
 *
 * - pass          forward the request, forward the response;
 * - reset         read the request, then answer with a TCP RST (`resetAndDestroy`): nothing reaches
 *                 the target;
 * - dropMidRequest forward only part of the request's bytes (1 .. length-1), then close both sides:
 *                 the target sees a truncated request and must write nothing;
 * - responseLost  forward the whole request, wait until the target's response STARTS arriving (so
 *                 the target has done its work and committed), then reset the client's socket
 *                 without forwarding a byte of it: the target committed, the client never hears;
 * - duplicate     send the request's bytes to the target twice, over two upstream connections at
 *                 once, return one of the two responses (chosen by the generator), drain the other;
 *
 * and, independently, with probability `delay`, holds the request for a time drawn from `delayMs`
 * before doing the above.
 *
 * One request per client connection. The proxy is HTTP-aware just enough to find where the first
 * request on a connection ends (headers, then a `Content-Length` body or a chunked one), which it
 * needs to cut a request in the middle, to replay it whole and to know it has all been forwarded. It
 * rewrites that request's `Connection` header to `close`, so the target's response says
 * `Connection: close` and ends by closing the upstream socket (no response parsing needed); the
 * client (undici's fetch, node:http) reads that header and opens a new connection for its next
 * request, as it would behind any proxy that does not keep connections alive. Bytes a client might
 * pipeline after its first request are not forwarded (no client of the hub pipelines). A connection
 * whose first bytes are not an HTTP request the parser understands is tunnelled raw, fault-free, and
 * counted in `stats.tunnelled`.
 *
 * Decisions use a generator seeded from (seed, connection index), so a connection's fault does not
 * depend on how many draws earlier connections used. With one client sending one request at a time,
 * the same seed gives the same fault sequence; with concurrent clients, the order connections
 * arrive in (and so which gets which fault) is up to the scheduler.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Random, deriveSeed } from './random';

export interface FaultMix {
  /** Probability of a reset before anything is forwarded. */
  readonly reset?: number;
  /** Probability of forwarding part of the request and then closing both sides. */
  readonly dropMidRequest?: number;
  /** Probability of forwarding the request and losing the response once it starts. */
  readonly responseLost?: number;
  /** Probability of sending the request to the target twice. */
  readonly duplicate?: number;
  /** Probability of holding the request for a while first (combines with any of the above). */
  readonly delay?: number;
  /** The hold, in ms, drawn uniformly from [min, max]. Default [0, 50]. */
  readonly delayMs?: readonly [number, number];
}

export type FaultKind = 'pass' | 'reset' | 'dropMidRequest' | 'responseLost' | 'duplicate';

export interface FaultStats {
  /** Client connections accepted. */
  connections: number;
  /** Complete requests read from clients (each got exactly one fault decision). */
  requests: number;
  pass: number;
  reset: number;
  dropMidRequest: number;
  responseLost: number;
  duplicate: number;
  /** Requests held before the decision was carried out (counted on top of the kind above). */
  delayed: number;
  /** Connections whose bytes did not parse as an HTTP request; forwarded raw without faults. */
  tunnelled: number;
  /** Upstream connections that failed (e.g. the target is down); the client then gets a reset. */
  upstreamErrors: number;
}

export interface FaultDecision {
  readonly connection: number;
  readonly method: string;
  readonly path: string;
  readonly kind: FaultKind;
  readonly delayMs: number;
}

export interface FaultProxyOptions {
  readonly target: { readonly host: string; readonly port: number };
  readonly seed: number;
  readonly faults?: FaultMix;
  /** Which requests faults apply to (default: all); the others always pass, without delay. */
  readonly appliesTo?: (method: string, path: string) => boolean;
  /**
   * Called when a request has been read and its fault drawn, just before it is carried out (e.g.
   * to kill the target while that request is on its way).
   */
  readonly onRequest?: (decision: FaultDecision, stats: Readonly<FaultStats>) => void;
}

export interface FaultProxy {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** Counts so far (a live object). */
  readonly stats: FaultStats;
  /** The last 500 decisions (faulted or not), oldest first, for failure messages. */
  readonly decisions: readonly FaultDecision[];
  /** Replaces the fault mix for requests read from now on. */
  setFaults(faults: FaultMix): void;
  /** Points the proxy at another target (a restarted hub on a new port). */
  setTarget(target: { readonly host: string; readonly port: number }): void;
  /** Stops listening and destroys every open socket. */
  close(): Promise<void>;
}

const MAX_HEADER_BYTES = 64 * 1024;
const MAX_DECISIONS = 500;

function checkMix(faults: FaultMix): FaultMix {
  const exclusive = [faults.reset, faults.dropMidRequest, faults.responseLost, faults.duplicate];
  for (const p of [...exclusive, faults.delay]) {
    if (p !== undefined && !(p >= 0 && p <= 1)) throw new RangeError(`fault probability out of [0, 1]: ${p}`);
  }
  const sum = exclusive.reduce<number>((total, p) => total + (p ?? 0), 0);
  if (sum > 1 + 1e-9) throw new RangeError(`reset + dropMidRequest + responseLost + duplicate = ${sum} > 1`);
  const [min, max] = faults.delayMs ?? [0, 50];
  if (!(min >= 0 && max >= min)) throw new RangeError(`bad delayMs [${min}, ${max}]`);
  return faults;
}

// --- A minimal HTTP/1.1 request framer ----------------------------------------------------------

interface ParsedRequest {
  readonly method: string;
  readonly path: string;
  /** The request as it goes upstream: headers rewritten to `Connection: close`, body unchanged. */
  readonly bytes: Buffer;
}

type Framing = { state: 'incomplete' } | { state: 'invalid' } | { state: 'complete'; request: ParsedRequest };

/** Where a chunked body that starts at `from` ends (exclusive), or -1 if it has not all arrived. */
function chunkedEnd(buffer: Buffer, from: number): number {
  let at = from;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at, 'latin1');
    if (lineEnd < 0) return -1;
    const sizeText = buffer.toString('latin1', at, lineEnd).split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) return Number.NaN;
    const size = Number.parseInt(sizeText, 16);
    at = lineEnd + 2;
    if (size === 0) {
      // Trailers, each ending in CRLF, then an empty line.
      for (;;) {
        const trailerEnd = buffer.indexOf('\r\n', at, 'latin1');
        if (trailerEnd < 0) return -1;
        const empty = trailerEnd === at;
        at = trailerEnd + 2;
        if (empty) return at;
      }
    }
    at += size + 2;
    if (at > buffer.length) return -1;
  }
}

function frameRequest(buffer: Buffer): Framing {
  const headerEnd = buffer.indexOf('\r\n\r\n', 0, 'latin1');
  if (headerEnd < 0) return buffer.length > MAX_HEADER_BYTES ? { state: 'invalid' } : { state: 'incomplete' };
  const lines = buffer.toString('latin1', 0, headerEnd).split('\r\n');
  const requestLine = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/.exec(lines[0] ?? '');
  if (!requestLine) return { state: 'invalid' };
  const headers = lines.slice(1);
  let contentLength = 0;
  let chunked = false;
  for (const line of headers) {
    const colon = line.indexOf(':');
    if (colon <= 0) return { state: 'invalid' };
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (!/^[0-9]+$/.test(value)) return { state: 'invalid' };
      contentLength = Number(value);
    } else if (name === 'transfer-encoding') {
      chunked = value.toLowerCase().split(',').map((v) => v.trim()).includes('chunked');
    } else if (name === 'expect') {
      // 100-continue would wait for the target before sending the body: not worth framing.
      return { state: 'invalid' };
    }
  }
  const bodyStart = headerEnd + 4;
  let end: number;
  if (chunked) {
    end = chunkedEnd(buffer, bodyStart);
    if (Number.isNaN(end)) return { state: 'invalid' };
    if (end < 0) return { state: 'incomplete' };
  } else {
    end = bodyStart + contentLength;
    if (buffer.length < end) return { state: 'incomplete' };
  }
  const kept = headers.filter((line) => !/^\s*(connection|keep-alive)\s*:/i.test(line));
  const head = Buffer.from([lines[0], ...kept, 'Connection: close', '', ''].join('\r\n'), 'latin1');
  return {
    state: 'complete',
    request: { method: requestLine[1]!, path: requestLine[2]!, bytes: Buffer.concat([head, buffer.subarray(bodyStart, end)]) },
  };
}

// --- The proxy ------------------------------------------------------------------------------------

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let faults = checkMix(options.faults ?? {});
  let target = options.target;
  const appliesTo = options.appliesTo ?? (() => true);
  const stats: FaultStats = {
    connections: 0,
    requests: 0,
    pass: 0,
    reset: 0,
    dropMidRequest: 0,
    responseLost: 0,
    duplicate: 0,
    delayed: 0,
    tunnelled: 0,
    upstreamErrors: 0,
  };
  const decisions: FaultDecision[] = [];
  const sockets = new Set<Socket>();
  let connectionIndex = 0;

  function track(socket: Socket): Socket {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Errors are expected here (that is the point); every path below cleans up on 'close'.
    socket.on('error', () => {});
    return socket;
  }

  function reset(socket: Socket): void {
    if (socket.destroyed) return;
    try {
      socket.resetAndDestroy();
    } catch {
      socket.destroy();
    }
  }

  function openUpstream(): Socket {
    return track(connect({ host: target.host, port: target.port }));
  }

  function decide(random: Random, method: string, path: string, connection: number): { kind: FaultKind; delay: number } {
    // Always draw the same number of values, so the mix can change without shifting the stream.
    const roll = random.float();
    const delayRoll = random.float();
    const delayFraction = random.float();
    let kind: FaultKind = 'pass';
    let delay = 0;
    if (appliesTo(method, path)) {
      let threshold = 0;
      for (const candidate of ['reset', 'dropMidRequest', 'responseLost', 'duplicate'] as const) {
        threshold += faults[candidate] ?? 0;
        if (roll < threshold) {
          kind = candidate;
          break;
        }
      }
      const [min, max] = faults.delayMs ?? [0, 50];
      if (delayRoll < (faults.delay ?? 0)) delay = Math.round(min + delayFraction * (max - min));
    }
    const decision: FaultDecision = { connection, method, path, kind, delayMs: delay };
    decisions.push(decision);
    if (decisions.length > MAX_DECISIONS) decisions.shift();
    options.onRequest?.(decision, stats);
    return { kind, delay };
  }

  /** Forwards `bytes` over a new upstream connection and pipes the response to `client`. */
  function passThrough(client: Socket, bytes: Buffer): void {
    const upstream = openUpstream();
    upstream.on('error', () => {
      if (!upstream.readableEnded) {
        stats.upstreamErrors += upstream.bytesRead === 0 ? 1 : 0;
        reset(client);
      }
    });
    upstream.write(bytes);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
  }

  function responseLost(client: Socket, bytes: Buffer): void {
    const upstream = openUpstream();
    upstream.on('error', () => {
      stats.upstreamErrors += upstream.bytesRead === 0 ? 1 : 0;
      reset(client);
    });
    upstream.once('data', () => {
      // The target has answered, so it has done (and committed) its work: the client never hears.
      reset(client);
      upstream.resume(); // drain the rest; the target closes the connection when it is done
    });
    upstream.write(bytes);
  }

  function dropMidRequest(client: Socket, bytes: Buffer, random: Random): void {
    const cut = Math.max(1, Math.min(bytes.length - 1, Math.floor(random.float() * bytes.length)));
    const upstream = openUpstream();
    upstream.on('error', () => reset(client));
    upstream.write(bytes.subarray(0, cut), () => {
      upstream.destroy();
      client.destroy();
    });
  }

  function duplicate(client: Socket, bytes: Buffer, random: Random): void {
    const returned = random.float() < 0.5 ? 0 : 1;
    const upstreams = [openUpstream(), openUpstream()];
    upstreams.forEach((upstream, index) => {
      upstream.write(bytes);
      if (index === returned) {
        upstream.on('error', () => {
          stats.upstreamErrors += upstream.bytesRead === 0 ? 1 : 0;
          reset(client);
        });
        upstream.pipe(client);
        client.on('close', () => upstream.destroy());
      } else {
        upstream.resume();
      }
    });
  }

  function tunnel(client: Socket, buffered: Buffer): void {
    stats.tunnelled += 1;
    const upstream = openUpstream();
    upstream.on('error', () => reset(client));
    upstream.write(buffered);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
  }

  function carryOut(client: Socket, request: ParsedRequest, kind: FaultKind, random: Random): void {
    if (client.destroyed) return;
    stats[kind] += 1;
    switch (kind) {
      case 'pass':
        return passThrough(client, request.bytes);
      case 'reset':
        return reset(client);
      case 'dropMidRequest':
        return dropMidRequest(client, request.bytes, random);
      case 'responseLost':
        return responseLost(client, request.bytes);
      case 'duplicate':
        return duplicate(client, request.bytes, random);
    }
  }

  const server: Server = createServer((client) => {
    track(client);
    stats.connections += 1;
    const connection = connectionIndex++;
    const random = new Random(deriveSeed(options.seed, connection));
    let buffered = Buffer.alloc(0);
    let done = false;

    const onData = (chunk: Buffer) => {
      if (done) return; // bytes after the first request: not forwarded (see the header comment)
      buffered = Buffer.concat([buffered, chunk]);
      const framing = frameRequest(buffered);
      if (framing.state === 'incomplete') return;
      done = true;
      client.off('data', onData);
      if (framing.state === 'invalid') {
        tunnel(client, buffered);
        return;
      }
      client.resume(); // discard anything pipelined after the first request
      stats.requests += 1;
      const { request } = framing;
      const { kind, delay } = decide(random, request.method, request.path, connection);
      if (delay > 0) {
        stats.delayed += 1;
        const timer = setTimeout(() => carryOut(client, request, kind, random), delay);
        client.on('close', () => clearTimeout(timer));
      } else {
        carryOut(client, request, kind, random);
      }
    };
    client.on('data', onData);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fault proxy: no TCP address');
  const port = address.port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    decisions,
    setFaults(next) {
      faults = checkMix(next);
    },
    setTarget(next) {
      target = next;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
