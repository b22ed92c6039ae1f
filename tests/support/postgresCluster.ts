import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

// A PostgreSQL cluster of its own for a test run or a benchmark: made in a temp folder with
// initdb, listening on 127.0.0.1 at a free port, gone again with stop(). Nothing of the machine's
// own PostgreSQL (a cluster on 5432, its configuration) is used or touched.

const execFileAsync = promisify(execFile);

/** The role the cluster is made with; trusted on 127.0.0.1 and allowed everything, CREATE DATABASE included. */
export const THROWAWAY_ROLE = 'onestop';

export interface ThrowawayCluster {
  /** `postgres://onestop@127.0.0.1:PORT/postgres`: the maintenance database, for CREATE DATABASE. */
  readonly url: string;
  /** Stops the server (fast shutdown: connections are ended) and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

export interface ThrowawayClusterOptions {
  /**
   * false (tests): fsync, synchronous_commit and full_page_writes off; nothing survives a crash
   * of the machine, and the tests do not need it to. true (the default; benchmarks): PostgreSQL's
   * durable defaults, so a commit costs what it costs in production.
   */
  readonly fsync?: boolean;
}

/**
 * The folder holding initdb, pg_ctl and postgres: the one on PATH, else the newest of Debian's
 * `/usr/lib/postgresql/VERSION/bin` (the package does not put initdb on PATH). Null when
 * PostgreSQL's server is not installed.
 */
export function findPostgresBinaries(): string | null {
  const complete = (dir: string) => ['initdb', 'pg_ctl', 'postgres'].every((name) => existsSync(join(dir, name)));
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '' || !existsSync(join(dir, 'initdb'))) continue;
    // /usr/local/bin/initdb may be a link into the real folder, which also holds postgres.
    const real = dirname(realpathSync(join(dir, 'initdb')));
    if (complete(real)) return real;
    if (complete(dir)) return dir;
  }
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return null;
  const versions = readdirSync(debian)
    .filter((name) => /^[0-9]+(\.[0-9]+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const dir = join(debian, version, 'bin');
    if (complete(dir)) return dir;
  }
  return null;
}

/** initdb refuses to run as root; as root, the cluster belongs to the `postgres` user Debian's package makes. */
function runAs(): { user: string; uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { user: 'postgres', uid, gid };
  } catch {
    throw new Error('Running as root, and there is no "postgres" user to run initdb and the server as (initdb refuses root).');
  }
}

/** A command of the cluster's, as its owner; on failure, an error with what it said. */
async function run(owner: ReturnType<typeof runAs>, command: string, args: readonly string[]): Promise<void> {
  const [file, argv] = owner ? ['runuser', ['-u', owner.user, '--', command, ...args]] : [command, [...args]];
  try {
    await execFileAsync(file, argv, { timeout: 60_000 });
  } catch (error) {
    const failed = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`${[file, ...argv].join(' ')} failed: ${failed.stderr || failed.stdout || failed.message}`.trim(), { cause: error });
  }
}

/** A port nothing listens on now: the kernel's pick for port 0, released at once. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('No port from listening on port 0.');
  return address.port;
}

/** Waits until the server answers a query over TCP (pg_ctl -w waits on the socket only). */
async function untilAccepting(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL at ${url} did not accept connections within ${timeoutMs / 1000} s`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/**
 * Makes and starts a throwaway cluster (see ThrowawayCluster). If this process exits without
 * calling stop() (a test run cut short), the server is stopped and its folder removed on the way out,
 * so no postgres is left running.
 */
export async function startThrowawayCluster(options: ThrowawayClusterOptions = {}): Promise<ThrowawayCluster> {
  const bin = findPostgresBinaries();
  if (bin === null) throw new Error('PostgreSQL is not installed: no initdb on PATH or in /usr/lib/postgresql/*/bin.');
  const owner = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'onestop-pg-'));
  const data = join(dir, 'data');
  const pgCtl = join(bin, 'pg_ctl');
  let started = false;
  /** Synchronous, for the process's exit: nothing asynchronous runs then. */
  const stopNow = () => {
    if (started) {
      started = false;
      const args = ['-D', data, '-m', 'immediate', '-w', 'stop'];
      try {
        execFileSync(owner ? 'runuser' : pgCtl, owner ? ['-u', owner.user, '--', pgCtl, ...args] : args, { stdio: 'ignore', timeout: 10_000 });
      } catch {
        // Already gone.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (owner) chownSync(dir, owner.uid, owner.gid);
    const initdb = (locale: string[]) =>
      run(owner, join(bin, 'initdb'), ['-D', data, `--username=${THROWAWAY_ROLE}`, '--auth=trust', '--encoding=UTF8', ...locale, '--no-sync', '--no-instructions']);
    // C.UTF-8 where the C library has it (Debian does); plain C otherwise. Either way byte order,
    // as the hub's text keys (ids, ISO times) are compared.
    await initdb(['--locale=C.UTF-8']).catch(() => {
      rmSync(data, { recursive: true, force: true });
      return initdb(['--no-locale']);
    });
    const durability = options.fsync === false ? ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off'] : [];

    // A port picked now may be taken before the server binds it: pick again, a few times.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      appendFileSync(
        join(data, 'postgresql.conf'),
        ['', '# onestop throwaway cluster', "listen_addresses = '127.0.0.1'", `port = ${port}`, `unix_socket_directories = '${dir}'`, ...durability, ''].join('\n'),
      );
      try {
        await run(owner, pgCtl, ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
      } catch (error) {
        if (attempt >= 3) {
          const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
          throw new Error(`${(error as Error).message}\n${log}`, { cause: error });
        }
        continue;
      }
      started = true;
      process.once('exit', stopNow);
      const url = `postgres://${THROWAWAY_ROLE}@127.0.0.1:${port}/postgres`;
      await untilAccepting(url);
      let stopping: Promise<void> | undefined;
      return {
        url,
        stop: () =>
          (stopping ??= (async () => {
            if (started) {
              started = false;
              process.removeListener('exit', stopNow);
              await run(owner, pgCtl, ['-D', data, '-m', 'fast', '-w', 'stop']);
            }
            rmSync(dir, { recursive: true, force: true });
          })()),
      };
    }
  } catch (error) {
    process.removeListener('exit', stopNow);
    stopNow();
    throw error;
  }
}
