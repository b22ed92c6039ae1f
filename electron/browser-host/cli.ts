import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startBrowserHost } from './host';

const usage = 'Usage: npm run preview:browser -- --port PORT --data DIR [--host 127.0.0.1|::1]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5199' },
      data: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      renderer: { type: 'string', default: resolve(import.meta.dirname, '../../out/renderer') },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!values.data || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(usage);
    process.exit(2);
  }
  const host = await startBrowserHost({
    port,
    dataDir: resolve(values.data),
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
