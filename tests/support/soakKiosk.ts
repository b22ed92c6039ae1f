/**
 * One kiosk of the soak (tests/support/soak.ts): a real kiosk backend in a process of its own, so
 * the soak can kill it with SIGKILL as well as close it. It syncs on the engine's own schedule
 * through the soak's fault proxy (the hub address in its settings) and keeps saving enquiries at a
 * steady seeded rate through the backend's channels, as the screens call them: residents'
 * `enquiries:raise` on the kiosk screen, staff's `enquiries:log` and `enquiries:setStatus` at the desk.
 *
 * Usage: soakKiosk.ts --data <folder> --seed <n> --rate <saves a second> [--interval-ms <ms>] [--timeout-ms <ms>]
 *
 * Lines on stdout, each written only once what it reports has happened (stdout is a pipe, written
 * synchronously on Linux, so a line written before a SIGKILL reaches the parent):
 *   OPEN                              the backend is open and the desk signed in; saving starts
 *   ACK <kind> <id> <reference> <v>   a save returned success: raise, log (version 1) or status (version v)
 *   DRAINED <status json>             answer to DRAIN
 *   SETTLED <status json>             answer to SETTLE
 *   CLOSED                            answer to CLOSE, just before the process exits 0
 * Commands on stdin, one a line:
 *   DRAIN   stop saving, stop the engine's schedule, sync until nothing waits and a sync succeeded
 *   SETTLE  one more sync that succeeds (to pull what the other kiosks pushed last)
 *   CLOSE   stop saving, close the backend (the engine stops, the database closes), exit
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { TOPICS } from '../../shared/directory/topics';
import { STATUS_TRANSITIONS, type EnquiryDetail, type EnquiryReceipt, type EnquiryStatus } from '../../shared/enquiries/model';
import type { SyncStatus } from '../../shared/sync/status';
import { ADMIN } from './kiosk';
import { Random, deriveSeed, mulberry32 } from './random';

const KIOSK = 'kiosk-screen';
const DESK = 'desk-screen';

const SUMMARIES = [
  'Deep pothole by the bus stop',
  'Twll dwfn ger yr arhosfan bws',
  'Dziura w jezdni przy przystanku, ślisko',
  'Gunoiul nu a fost ridicat de trei săptămâni',
  'ਸੜਕ ਤੇ ਵੱਡਾ ਟੋਆ ਹੈ',
  'سڑک پر گہرا گڑھا ہے',
  'Fly-tipping again 🛋️ behind the shops',
  'Streetlight out on the corner',
];
const STREETS = ['Church Street', 'Market Street', 'Horse Fair', 'Anson Street', 'Mill Lane', 'Brereton Road'];

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

async function call<T>(backend: Backend, channel: string, input: unknown, caller: string): Promise<T> {
  const result = await backend.dispatch(channel, input, caller);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** Syncs until `done(status)` holds, at most `tries` times, pausing a little after a failed sync. */
async function syncUntil(backend: Backend, done: (status: SyncStatus) => boolean, tries: number): Promise<SyncStatus> {
  let status = await backend.sync.syncNow();
  for (let i = 1; i < tries && !done(status); i++) {
    await sleep(100);
    status = await backend.sync.syncNow();
  }
  return status;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      seed: { type: 'string' },
      rate: { type: 'string' },
      'interval-ms': { type: 'string', default: '1000' },
      'timeout-ms': { type: 'string', default: '4000' },
    },
  });
  if (!values.data || values.seed === undefined || values.rate === undefined) {
    throw new Error('usage: soakKiosk.ts --data <folder> --seed <n> --rate <saves a second>');
  }
  const seed = Number(values.seed);
  const random = new Random(seed);
  const meanGapMs = 1000 / Number(values.rate);

  const backend = createBackend({
    dataDir: values.data,
    // The engine logs every failed sync, and failing syncs are the point here.
    log: () => {},
    sync: {
      autoStart: true,
      intervalMs: Number(values['interval-ms']),
      timeoutMs: Number(values['timeout-ms']),
      retryBaseMs: 100,
      retryCapMs: 2000,
      random: mulberry32(deriveSeed(seed, 1)),
    },
  });
  await call(backend, 'auth:signIn', { username: ADMIN.username, pin: ADMIN.pin }, DESK);
  say('OPEN');

  let saving = true;
  /** Enquiries saved in this life of the process, to move on: id -> version and status. */
  const mine = new Map<string, { version: number; status: EnquiryStatus }>();
  const recent: string[] = [];
  const remember = (detail: { id: string; version: number; status: EnquiryStatus }) => {
    mine.set(detail.id, { version: detail.version, status: detail.status });
    recent.push(detail.id);
    if (recent.length > 20) recent.shift();
  };

  const saves = (async () => {
    for (let index = 0; saving; index++) {
      const roll = random.float();
      const summary = `${random.pick(SUMMARIES)} #${seed % 100000}-${index}`;
      const location = `${random.int(1, 200)} ${random.pick(STREETS)}`;
      const topicId = random.pick(TOPICS).id;
      if (roll < 0.2 && recent.length > 0) {
        const id = random.pick(recent);
        const { version, status } = mine.get(id)!;
        const next = random.pick(STATUS_TRANSITIONS[status]);
        const detail = await call<EnquiryDetail>(
          backend,
          'enquiries:setStatus',
          { id, version, status: next, outcome: next === 'outcome-recorded' ? 'Done.' : '', note: '' },
          DESK,
        );
        remember(detail);
        say(`ACK status ${detail.id} ${detail.reference} ${detail.version}`);
      } else if (roll < 0.6) {
        const receipt = await call<EnquiryReceipt>(backend, 'enquiries:raise', { topicId, location, summary, contact: null, language: 'en-GB' }, KIOSK);
        remember({ id: receipt.id, version: 1, status: 'new' });
        say(`ACK raise ${receipt.id} ${receipt.reference} 1`);
      } else {
        const detail = await call<EnquiryDetail>(
          backend,
          'enquiries:log',
          { channel: random.pick(['desk', 'phone'] as const), topicId, location, summary, details: '', contact: null, status: random.pick(['new', 'referred', 'for-forum'] as const) },
          DESK,
        );
        remember(detail);
        say(`ACK log ${detail.id} ${detail.reference} ${detail.version}`);
      }
      // A steady rate with some spread: each gap uniform in [0.5, 1.5] x the mean.
      await sleep(meanGapMs * (0.5 + random.float()));
    }
  })();
  saves.catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });

  const stopSaving = async () => {
    saving = false;
    await saves;
  };

  for await (const command of createInterface({ input: process.stdin })) {
    if (command === 'DRAIN') {
      await stopSaving();
      backend.sync.stop();
      const status = await syncUntil(backend, (s) => s.waiting === 0 && s.lastError === null, 600);
      say(`DRAINED ${JSON.stringify(status)}`);
    } else if (command === 'SETTLE') {
      const status = await syncUntil(backend, (s) => s.lastError === null, 100);
      say(`SETTLED ${JSON.stringify(status)}`);
    } else if (command === 'CLOSE') {
      await stopSaving();
      backend.close();
      say('CLOSED');
      process.exit(0);
    }
  }
  // stdin ended: the soak is gone; do not save on alone.
  await stopSaving();
  backend.close();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
