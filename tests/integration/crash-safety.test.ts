/**
 * Crash safety: the kiosk backend in a child process (tests/support/crashChild.ts) saves enquiries
 * one after another, residents' issues and staff-logged enquiries with non-ASCII text, and is killed
 * with SIGKILL at a seeded random moment. After each kill, in this process:
 *   - `PRAGMA integrity_check` is ok, `foreign_key_check` finds nothing, and the full-text index
 *     agrees with the enquiries table (FTS5 'integrity-check');
 *   - every enquiry whose save was acknowledged (the child printed ACK after the call returned) is
 *     there, under its reference, with exactly the text it was saved with;
 *   - nothing is half-written: createEnquiry writes the row, its reference counter, its 'created'
 *     audit row and its outbox row in one transaction, so every stored enquiry has exactly one of
 *     each, the counter equals the highest reference and references run 1..n without a gap;
 *   - at most one enquiry per kill is there unacknowledged (the save in flight), and it is the one
 *     the child announced (SEND) before the kill;
 *   - the backend opens again on the folder and saves one more enquiry, next in sequence.
 *
 * Trials run in chains of CHAIN_LENGTH on one folder. The first of a chain starts from an empty
 * folder, so its early kills land in migration, seeding the sample directory and first-run setup;
 * the rest start on whatever the previous crash left, so recovery is tested on recovered files, the
 * write-ahead log grows across crashes (kills can land in an automatic checkpoint) and every check
 * covers the enquiries of all earlier crashes too. Chains keep the database small enough that the
 * checks stay cheap at CRASH_TRIALS=1000.
 *
 * CRASH_TRIALS sets the number of trials (default 30), rounded up to whole chains; CRASH_BASE_SEED picks
 * another series; CRASH_SEED replays one chain (its seed is in the test name and every message).
 * A replay repeats the plan (the saves, when to kill), not the exact instant the kill lands.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, DATABASE_FILE } from '../../electron/backend/backend';
import { openDatabase, type Database } from '../../db';
import { MIGRATIONS } from '../../db/migrations';
import { formatReference } from '../../shared/enquiries/model';
import type { CrashSave } from '../support/crashChild';
import { setUpKiosk } from '../support/kiosk';
import { deriveSeed, Random } from '../support/random';
import { makeTempDir } from '../support/tempDir';

const ROOT = resolve(__dirname, '../..');
const CHILD = join(ROOT, 'tests/support/crashChild.ts');
const CHAIN_LENGTH = 5;
const TRIALS = Math.max(1, Number(process.env['CRASH_TRIALS'] ?? 30));
const BASE_SEED = Number(process.env['CRASH_BASE_SEED'] ?? 20261123);
const ONLY_SEED = process.env['CRASH_SEED'] === undefined ? null : Number(process.env['CRASH_SEED']);
/** CRASH_VERBOSE=1 prints each trial's plan, what the child had done when killed, and its time. */
const VERBOSE = process.env['CRASH_VERBOSE'] === '1';

/** Where in the child's life the kill is aimed, and how long after that moment. */
interface KillPlan {
  readonly after: 'boot' | 'first-ack';
  readonly delayMs: number;
}

/** Everything random about a trial comes from its seed. */
function planOf(seed: number, firstOfChain: boolean): KillPlan {
  const random = new Random(seed);
  // Early kills (opening, migrating, setting up, signing in) more often on an empty folder, where
  // there is more to do before the first save.
  if (random.chance(firstOfChain ? 0.5 : 0.2)) return { after: 'boot', delayMs: random.int(0, firstOfChain ? 300 : 60) };
  return { after: 'first-ack', delayMs: random.pick([random.int(0, 20), random.int(20, 300), random.int(50, 300)]) };
}

/** What the killed child had said: the acknowledged saves and the one in flight, if any. */
interface ChildReport {
  readonly acks: { reference: string; id: string; save: CrashSave }[];
  readonly inFlight: CrashSave | null;
  readonly opened: boolean;
  readonly signal: NodeJS.Signals | null;
  readonly code: number | null;
  readonly stderr: string;
}

/** Runs the child on `dataDir` and kills it with SIGKILL as `plan` says. */
function runAndKill(dataDir: string, seed: number, plan: KillPlan, context: string): Promise<ChildReport> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, '--data', dataDir, '--seed', String(seed)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acks: ChildReport['acks'] = [];
  let inFlight: CrashSave | null = null;
  let opened = false;
  let pending = '';
  let stderr = '';
  let killTimer: NodeJS.Timeout | undefined;
  const aim = () => {
    if (killTimer) return;
    killTimer = setTimeout(() => child.kill('SIGKILL'), plan.delayMs);
  };
  // A child that never gets to the aimed moment is a failure, not a hang.
  const watchdog = setTimeout(() => child.kill('SIGKILL'), 30_000);
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    // A line the kill cut short has no newline yet: it is not a report.
    pending = lines.pop()!;
    for (const line of lines) {
      if (line === 'BOOT') {
        if (plan.after === 'boot') aim();
      } else if (line === 'OPEN') {
        opened = true;
      } else if (line.startsWith('SEND ')) {
        inFlight = JSON.parse(line.slice('SEND '.length)) as CrashSave;
      } else if (line.startsWith('ACK ')) {
        const [, reference, id] = line.split(' ', 3) as [string, string, string];
        const json = line.slice(`ACK ${reference} ${id} `.length);
        acks.push({ reference, id, save: JSON.parse(json) as CrashSave });
        inFlight = null;
        if (plan.after === 'first-ack') aim();
      } else {
        stderr += `unexpected line: ${line}\n`;
      }
    }
  });
  return new Promise((done, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      clearTimeout(killTimer);
      if (!killTimer) reject(new Error(`${context}: the child exited (${code ?? signal}) before the aimed moment: ${stderr}`));
      else done({ acks, inFlight, opened, signal, code, stderr });
    });
  });
}

interface EnquiryRow {
  id: string;
  reference: string;
  channel: string;
  topic_id: string;
  summary: string;
  details: string;
  location: string;
  status: string;
  language: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  contact_purpose: string | null;
  version: number;
}

/** The columns a save must have stored, from what the child sent. */
function expectedRow(save: CrashSave): Partial<EnquiryRow> {
  const { input } = save;
  const contact = {
    contact_name: input.contact?.name || null,
    contact_phone: input.contact?.phone || null,
    contact_email: input.contact?.email || null,
    contact_purpose: input.contact?.purpose ?? null,
  };
  if (save.kind === 'raise') {
    return { channel: 'kiosk', topic_id: save.input.topicId, summary: save.input.summary, location: save.input.location, details: '', status: 'new', language: save.input.language ?? null, ...contact };
  }
  return { channel: save.input.channel, topic_id: save.input.topicId, summary: save.input.summary, location: save.input.location, details: save.input.details, status: save.input.status, language: null, ...contact };
}

/** The folder's enquiries so far: acknowledged (must be there) and possibly-there (in flight when killed). */
interface Ledger {
  readonly acked: Map<string, { reference: string; save: CrashSave }>;
  readonly maybe: CrashSave[];
}

/** Checks the database as the crash left it, before any backend has opened it again. */
function checkAfterCrash(databasePath: string, ledger: Ledger, context: string): void {
  if (!existsSync(databasePath)) {
    expect(ledger.acked.size, `${context}: the database file is gone but saves were acknowledged`).toBe(0);
    return;
  }
  // Read-only, so the backend's own open below is the first writer after the crash.
  const db: Database = openDatabase(databasePath, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true }), `${context}: integrity_check`).toBe('ok');
    expect(db.pragma('foreign_key_check'), `${context}: foreign_key_check`).toEqual([]);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < MIGRATIONS.length) {
      // Killed while migrating: nothing can have been saved yet.
      expect(ledger.acked.size, `${context}: schema ${version} of ${MIGRATIONS.length}, yet saves were acknowledged`).toBe(0);
      return;
    }
    const rows = db.prepare('SELECT * FROM enquiries ORDER BY reference').all() as EnquiryRow[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const [id, { reference, save }] of ledger.acked) {
      const row = byId.get(id);
      expect(row, `${context}: acknowledged ${reference} (${id}) is missing`).toBeDefined();
      expect(row, `${context}: acknowledged ${reference} was stored differently`).toMatchObject({ reference, version: 1, ...expectedRow(save) });
    }
    // Anything else stored was a save in flight at one of the kills, as the child announced it.
    const extras = rows.filter((row) => !ledger.acked.has(row.id));
    expect(extras.length, `${context}: ${extras.length} unacknowledged enquiries after ${ledger.maybe.length} possible`).toBeLessThanOrEqual(ledger.maybe.length);
    for (const row of extras) {
      const match = ledger.maybe.find((save) => save.input.summary === row.summary);
      expect(match, `${context}: ${row.reference} ("${row.summary}") was never sent`).toBeDefined();
      expect(row, `${context}: in-flight ${row.reference} stored differently`).toMatchObject(expectedRow(match!));
    }

    // Nothing half-written: the reference counter, audit row and outbox row of every enquiry.
    const counters = db.prepare('SELECT unit_code, device_code, last_sequence FROM reference_counters').all() as { unit_code: string; device_code: string; last_sequence: number }[];
    if (rows.length === 0) {
      expect(counters, `${context}: a reference was taken for an enquiry that is not there`).toEqual([]);
    } else {
      expect(counters, `${context}: reference counters`).toEqual([{ unit_code: 'RUG', device_code: 'K2', last_sequence: rows.length }]);
      expect(
        rows.map((row) => row.reference),
        `${context}: references run 1..n without a gap`,
      ).toEqual(rows.map((_, index) => formatReference('RUG', 'K2', index + 1)));
    }
    const events = db.prepare('SELECT enquiry_id, version, action, to_status FROM enquiry_events ORDER BY id').all() as { enquiry_id: string; version: number; action: string; to_status: string }[];
    expect(events.length, `${context}: one audit row per enquiry`).toBe(rows.length);
    const outbox = db.prepare("SELECT entity, entity_id, version, payload FROM outbox ORDER BY seq").all() as { entity: string; entity_id: string; version: number; payload: string }[];
    expect(outbox.length, `${context}: one outbox row per enquiry`).toBe(rows.length);
    const eventOf = new Map(events.map((event) => [event.enquiry_id, event]));
    const outboxOf = new Map(outbox.map((entry) => [entry.entity_id, entry]));
    for (const row of rows) {
      expect(eventOf.get(row.id), `${context}: ${row.reference}'s audit row`).toEqual({ enquiry_id: row.id, version: 1, action: 'created', to_status: row.status });
      const entry = outboxOf.get(row.id);
      expect(entry, `${context}: ${row.reference}'s outbox row`).toMatchObject({ entity: 'enquiry', version: 1 });
      expect(JSON.parse(entry!.payload), `${context}: ${row.reference}'s outbox payload`).toMatchObject({ reference: row.reference, summary: row.summary, location: row.location, details: row.details, status: row.status });
    }
  } finally {
    db.close();
  }
  // The full-text index is kept by triggers in the same transaction: it must match the table.
  // FTS5 checks itself through an INSERT, so this needs a connection that may write (it changes nothing).
  const writable = openDatabase(databasePath);
  try {
    if ((writable.pragma('user_version', { simple: true }) as number) >= MIGRATIONS.length) {
      expect(() => writable.prepare("INSERT INTO enquiry_search (enquiry_search) VALUES ('integrity-check')").run(), `${context}: full-text index`).not.toThrow();
    }
  } finally {
    writable.close();
  }
}

/**
 * Opens the backend on the crashed folder as the app would at its next start and saves one more
 * enquiry, which must take the next reference. Sets the kiosk up if the crash came before setup.
 */
async function reopenAndSave(dataDir: string, ledger: Ledger, label: string, context: string): Promise<void> {
  const backend = createBackend({ dataDir, log: () => {}, sync: { autoStart: false } });
  try {
    if (!backend.settings()) await setUpKiosk(backend);
    const save: CrashSave = { kind: 'raise', input: { topicId: 'roads', location: 'Ffordd Ŵyn', summary: `Saved after ${label}`, contact: null } };
    const result = await backend.dispatch('enquiries:raise', save.input, 'kiosk-screen');
    expect(result, `${context}: saving after the crash`).toMatchObject({ ok: true });
    const receipt = (result as { ok: true; value: { id: string; reference: string } }).value;
    // Settle the in-flight saves: whichever landed are now known, and count towards the sequence.
    const db = openDatabase(backend.databasePath, { readonly: true });
    try {
      const stored = db.prepare('SELECT count(*) AS n FROM enquiries').get() as { n: number };
      expect(receipt.reference, `${context}: the next reference`).toBe(formatReference('RUG', 'K2', stored.n));
      for (const row of db.prepare('SELECT id, reference, summary FROM enquiries').all() as { id: string; reference: string; summary: string }[]) {
        if (ledger.acked.has(row.id)) continue;
        const landed = row.id === receipt.id ? save : ledger.maybe.find((candidate) => candidate.input.summary === row.summary);
        if (landed) ledger.acked.set(row.id, { reference: row.reference, save: landed });
      }
    } finally {
      db.close();
    }
    ledger.maybe.length = 0;
  } finally {
    backend.close();
  }
}

const chainCount = Math.ceil(TRIALS / CHAIN_LENGTH);
const chainSeeds = ONLY_SEED !== null ? [ONLY_SEED] : Array.from({ length: chainCount }, (_, index) => deriveSeed(BASE_SEED, index));

let folder: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => folder?.remove());

describe(`the backend killed with SIGKILL while saving: ${chainSeeds.length} chains of ${CHAIN_LENGTH} kills on one folder`, () => {
  it.each(chainSeeds)(
    'chain seed %i: every acknowledged enquiry survives, exactly, nothing is half-written, and the backend opens and saves again',
    async (chainSeed) => {
      folder = makeTempDir('onestop-crash-');
      const dataDir = folder.path;
      const ledger: Ledger = { acked: new Map(), maybe: [] };
      for (let trial = 0; trial < CHAIN_LENGTH; trial++) {
        const seed = deriveSeed(chainSeed, trial);
        const plan = planOf(seed, trial === 0);
        const context = `chain seed ${chainSeed} (replay: CRASH_SEED=${chainSeed}), trial ${trial + 1} (seed ${seed}), kill ${plan.delayMs} ms after ${plan.after}`;
        const started = Date.now();
        const report = await runAndKill(dataDir, seed, plan, context);
        expect(report.signal, `${context}: the child was killed, not crashed: ${report.stderr}`).toBe('SIGKILL');
        expect(report.stderr, `${context}: the child's errors`).toBe('');
        for (const ack of report.acks) ledger.acked.set(ack.id, { reference: ack.reference, save: ack.save });
        if (report.inFlight) ledger.maybe.push(report.inFlight);

        checkAfterCrash(join(dataDir, DATABASE_FILE), ledger, context);
        await reopenAndSave(dataDir, ledger, `crash ${trial + 1} of chain ${chainSeed}`, context);
        if (VERBOSE) {
          console.log(`${context}: opened ${report.opened}, ${report.acks.length} acknowledged, in flight ${report.inFlight ? 'yes' : 'no'}, ${ledger.acked.size} so far, ${Date.now() - started} ms`);
        }
      }
    },
    // Generous: each trial's child starts tsx (~0.5 s) and a chain's first setup hashes a PIN.
    120_000,
  );
});
