import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { HubStorage } from '../../server/hub';

const ROOT = resolve(import.meta.dirname, '../..');

export interface HubProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGTERM, then resolves once the process has exited. */
  stop(): Promise<void>;
}

/**
 * A hub as deployed: `server/cli.ts serve` in a process of its own on a free port, without a rate
 * limit and logging warnings only; resolves once it says where it listens.
 */
export function spawnHub(storage: HubStorage): Promise<HubProcess> {
  const where = storage.database !== undefined ? ['--database', storage.database] : ['--data', storage.dataDir];
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'serve', ...where, '--port', '0', '--rate-limit', '0', '--log-level', 'warn'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((resolvePromise, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`hub exited (${code}) before listening: ${output}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolvePromise({ url: match[1]!, child, stop: () => (child.kill('SIGTERM'), exited) });
    });
  });
}
