import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startBrowserHost } from './host';
import { databaseKeyFrom, developmentKey } from '../backend/databaseKey';

const usage =
  'Usage: npm run preview:browser -- --port PORT --data DIR [--host 127.0.0.1|::1] [--key-file FILE]\n' +
  'The database is encrypted with the key in ONESTOP_DB_KEY, or in a file named by --key-file or ONESTOP_DB_KEY_FILE\n' +
  '(64 hexadecimal characters; make one with "openssl rand -hex 32"); without one, with DIR/database.key (made if missing).';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5199' },
      data: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      renderer: { type: 'string', default: resolve(import.meta.dirname, '../../out/renderer') },
      'key-file': { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!values.data || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(usage);
    process.exit(2);
  }
  let key: string | null;
  try {
    key = databaseKeyFrom(process.env, values['key-file']);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
  const dataDir = resolve(values.data);
  if (!key) {
    // The documented command (DESIGN.md) takes no key: a development key file beside the data, said out loud.
    const development = developmentKey(dataDir);
    key = development.key;
    console.error(
      `onestop browser host: no database key given, so the key in ${development.file}${development.made ? ' (just made)' : ''} is used. ` +
        'It sits beside the data: for development and tests only.',
    );
  }
  const host = await startBrowserHost({
    key,
    port,
    dataDir,
    rendererDir: resolve(values.renderer),
    host: values.host,
  });
  console.log(`onestop browser host: ${host.url} (data: ${resolve(values.data)})`);
  const stop = () => void host.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
