/**
 * Subject access at 100,000 enquiries: "within minutes" (issue 9) measured, not asserted.
 * `npx tsx tests/bench/subject-access.ts`. Not a test: nothing here passes or fails.
 *
 * A kiosk with 100,000 enquiries (half with a contact, names from a small pool so many are alike;
 * 12 for Siân Owen under variants) answers, through the real backend (validation, role check,
 * audited read): `privacy:search` for a name, a phone number and a reference, and `privacy:export`
 * as JSON and as PDF. Anchors in the same run: the staff list's first page (`enquiries:list`, no
 * filter) and a plain full scan of the same columns (`SELECT … FROM enquiries`, read and dropped).
 * The hub is not configured here: the hub's search runs the same matching over its forum's rows.
 */
import { createBackend } from '../../electron/backend/backend';
import { findUnit, openDatabase, readSettings } from '../../db';
import { TOPICS } from '../../shared/directory/topics';
import { streetKey } from '../../shared/enquiries/model';
import { makeTempDir } from '../support/tempDir';
import { ADMIN, setUpKiosk } from '../support/kiosk';
import { Random } from '../support/random';
import { seededUuid } from '../support/enquiryBacklog';

const ENQUIRIES = 100_000;
const RUNS = 5;
const FIRST = ['Brian', 'Aleksandra', 'Ionuț', 'Harpreet', 'Imran', 'Margaret', 'David', 'Owen', 'Joanna', 'Sioned', 'Gareth', 'Priya', 'Tomasz', 'Elena', 'Amrit', 'Bilal'];
const LAST = ['Owen', 'Owens', 'Evans', 'Kowalski', 'Popescu', 'Singh', 'Khan', 'Smith', 'Jones', 'Price', 'Hughes', 'Thompson', 'Nowak', 'Ionescu', 'Gill', 'Ahmed'];

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main() {
  const dir = makeTempDir('onestop-bench-subject-');
  try {
    const setup = createBackend({ dataDir: dir.path, log: () => {} });
    await setUpKiosk(setup);
    const path = setup.databasePath;
    setup.close();

    const random = new Random(20261120);
    const db = openDatabase(path);
    const settings = readSettings(db);
    const unit = findUnit(db, String(settings['unitId']))!;
    const start = Date.parse('2024-11-20T09:00:00Z');
    const loaded = performance.now();
    // Straight into the table (its search index by trigger): the saving path is benched in enquiries.ts.
    const insert = db.prepare(
      `INSERT INTO enquiries (id, reference, unit_id, forum_id, device_code, topic_id, body, summary, details, location, street_key, channel, status,
         contact_name, contact_phone, contact_email, contact_purpose, contact_consent_at, created_at, updated_at, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'desk', 'new', ?, ?, ?, ?, ?, ?, ?, 1)`,
    );
    db.transaction(() => {
      for (let i = 0; i < ENQUIRIES; i++) {
        const topic = TOPICS[random.int(0, TOPICS.length - 1)]!;
        const location = `${random.int(1, 200)} Church Street`;
        const sian = i % 8_000 === 0;
        const withContact = sian || random.chance(0.5);
        const name = sian ? ['Siân Owen', 'SIAN OWENS', 'S. Owen'][i % 3]! : `${random.pick(FIRST)} ${random.pick(LAST)}`;
        const at = new Date(start + i * 600_000).toISOString();
        insert.run(
          seededUuid(random),
          `${unit.code}-${String(settings['deviceCode'])}-${String(i + 1).padStart(6, '0')}`,
          unit.id,
          unit.forum.id,
          String(settings['deviceCode']),
          topic.id,
          topic.bodies[0] ?? 'district',
          `Enquiry ${i} about ${topic.id}`,
          random.chance(0.3) ? `Spoke to ${random.pick(FIRST)} ${random.pick(LAST)} about it. ${'x'.repeat(random.int(1, 300))}` : '',
          location,
          streetKey(location),
          withContact ? name : null,
          withContact ? (sian ? '07700 900123' : `07700 ${String(random.int(100000, 999999))}`) : null,
          null,
          withContact ? 'follow-up' : null,
          withContact ? at : null,
          at,
          at,
        );
      }
    })();
    db.close();
    console.log(`loaded ${ENQUIRIES} enquiries in ${ms(performance.now() - loaded)}`);

    const backend = createBackend({ dataDir: dir.path, log: () => {}, sync: { autoStart: false }, autoBackup: false });
    const screen = 'admin-screen';
    const signedIn = await backend.dispatch('auth:signIn', { username: ADMIN.username, pin: ADMIN.pin }, screen);
    if (!signedIn.ok) throw new Error('sign-in failed');
    const time = async (label: string, run: () => Promise<unknown>) => {
      const samples: number[] = [];
      let result: unknown;
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        result = await run();
        samples.push(performance.now() - t0);
      }
      samples.sort((a, b) => a - b);
      console.log(`${label.padEnd(44)} median ${ms(samples[Math.floor(RUNS / 2)]!)}  max ${ms(samples[RUNS - 1]!)}`);
      return result;
    };
    const ok = async (channel: Parameters<typeof backend.dispatch>[0], input: unknown) => {
      const answer = await backend.dispatch(channel, input, screen);
      if (!answer.ok) throw new Error(`${String(channel)}: ${JSON.stringify(answer.error)}`);
      return answer.value;
    };

    await time('anchor: enquiries:list first page (no filter)', () => ok('enquiries:list', { filter: {}, offset: 0, limit: 100 }));
    const scanDb = openDatabase(path, { readonly: true });
    await time('anchor: plain scan of the matched columns', () =>
      Promise.resolve(scanDb.prepare('SELECT id, reference, contact_name, contact_phone, contact_email, summary, location, details, outcome FROM enquiries').all().length),
    );
    scanDb.close();
    const found = (await time('privacy:search "Siân Owen"', () => ok('privacy:search', { query: 'Siân Owen' }))) as { results: { reference: string }[] };
    await time('privacy:search "+44 7700 900123"', () => ok('privacy:search', { query: '+44 7700 900123' }));
    await time('privacy:search a reference', () => ok('privacy:search', { query: found.results[0]!.reference }));
    const references = found.results.map((r) => r.reference);
    await time(`privacy:export JSON (${references.length} enquiries)`, () => ok('privacy:export', { query: 'Siân Owen', references, format: 'json' }));
    await time(`privacy:export PDF (${references.length} enquiries)`, () => ok('privacy:export', { query: 'Siân Owen', references, format: 'pdf' }));
    backend.close();
  } finally {
    dir.remove();
  }
}

await main();
