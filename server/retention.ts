import type pg from 'pg';
import type { Database } from '../db/driver';
import {
  DEFAULT_RETENTION,
  FINAL_STATUSES,
  RETENTION_LIMITS,
  anonymisedEnquiryData,
  retentionCutoffs,
  withoutContact,
  type RetentionRunReport,
} from '../shared/enquiries/retention';

/**
 * The hub's retention job (README, "Retention"; shared/enquiries/retention.ts): it holds no read
 * audit, so two kinds. `contact`: a closed enquiry's `contact` leaves its data `contactMonths` after
 * its last change. `enquiry`: the data is anonymised `enquiryYears` after the enquiry was raised,
 * and so are the copies of it waiting in the pull log (`enquiry` changes), so a kiosk pulling from
 * the beginning (a new hub address) never gets the old words back. A kiosk's own anonymising is not
 * pushed: each side applies the same rules to what it holds.
 */
export type HubRetentionKind = 'contact' | 'enquiry';
export const HUB_RETENTION_KINDS: readonly HubRetentionKind[] = ['contact', 'enquiry'];

export interface HubRetentionPeriods {
  readonly contactMonths: number;
  readonly enquiryYears: number;
}

export const DEFAULT_HUB_RETENTION: HubRetentionPeriods = { contactMonths: DEFAULT_RETENTION.contactMonths, enquiryYears: DEFAULT_RETENTION.enquiryYears };
export const HUB_RETENTION_LIMITS = { contactMonths: RETENTION_LIMITS.contactMonths, enquiryYears: RETENTION_LIMITS.enquiryYears };

export interface HubRetentionInput {
  readonly now: Date;
  readonly periods: HubRetentionPeriods;
  /** Find and report what is due, changing nothing and logging nothing. */
  readonly dryRun?: boolean;
}

const BATCH = 500;
const FINAL = FINAL_STATUSES.map((status) => `'${status}'`).join(', ');

/** Candidates, by kind: every enquiry whose current version the job has not yet dealt with. `$1` the cutoff, `$2` the limit, `$3` ids to pass over. */
const DUE: Record<HubRetentionKind, string> = {
  contact: `SELECT id, reference, version, data FROM enquiries
    WHERE status IN (${FINAL}) AND updated_at < $1 AND (contact_checked_version IS NULL OR contact_checked_version < version)`,
  enquiry: `SELECT id, reference, version, data FROM enquiries
    WHERE created_at < $1 AND (anonymised_version IS NULL OR anonymised_version < version)`,
};

interface DueRow {
  id: string;
  reference: string;
  version: number;
  data: string;
}

/** What the job does to one due row: its new data (null: nothing to remove, only mark it dealt with). */
function change(kind: HubRetentionKind, row: DueRow): Record<string, unknown> | null {
  const data = JSON.parse(row.data) as Record<string, unknown>;
  return kind === 'contact' ? withoutContact(data) : anonymisedEnquiryData(data);
}

/** The writes one batch needs, whichever store runs them. */
interface RetentionWriter {
  due(kind: HubRetentionKind, cutoff: string, limit: number): Promise<DueRow[]>;
  /** In one transaction: each row's new data (or only its mark), the pull log's copies, the log row. */
  apply(kind: HubRetentionKind, rows: readonly { row: DueRow; data: Record<string, unknown> | null }[], log: { at: string; cutoff: string; removed: number; refs: string }): Promise<void>;
}

async function run(writer: RetentionWriter, input: HubRetentionInput): Promise<RetentionRunReport> {
  const cutoffs = retentionCutoffs(input.now, { ...input.periods, readAuditYears: 1 });
  const at = input.now.toISOString();
  const removed: Record<string, { count: number; refs: string[] }> = {};
  for (const kind of HUB_RETENTION_KINDS) {
    const cutoff = kind === 'contact' ? cutoffs.contact : cutoffs.enquiry;
    const total = { count: 0, refs: [] as string[] };
    if (input.dryRun) {
      const rows = await writer.due(kind, cutoff, -1);
      const changing = rows.filter((row) => change(kind, row) !== null);
      removed[kind] = { count: changing.length, refs: changing.map((row) => row.reference) };
      continue;
    }
    let logged = false;
    const seen = new Set<string>();
    for (;;) {
      // A row seen before is one a racing push changed under the job: it waits for the next run.
      const rows = (await writer.due(kind, cutoff, BATCH)).filter((row) => !seen.has(`${row.id}@${row.version}`));
      for (const row of rows) seen.add(`${row.id}@${row.version}`);
      const planned = rows.map((row) => ({ row, data: change(kind, row) }));
      const changing = planned.filter((p) => p.data !== null).map((p) => p.row.reference);
      if (rows.length === 0 && logged) break;
      await writer.apply(kind, planned, { at, cutoff, removed: changing.length, refs: changing.join(' ') });
      logged = true;
      total.count += changing.length;
      total.refs.push(...changing);
      if (rows.length < BATCH) break;
    }
    removed[kind] = total;
  }
  return { at, dryRun: input.dryRun ?? false, cutoffs: { contact: cutoffs.contact, enquiry: cutoffs.enquiry }, removed };
}

/** Retention over the embedded SQLite store (one writer: each batch is one transaction). */
export function sqliteRetention(db: Database, input: HubRetentionInput): Promise<RetentionRunReport> {
  const writer: RetentionWriter = {
    due: (kind, cutoff, limit) =>
      Promise.resolve(db.prepare(`${DUE[kind].replace('$1', '?')} ORDER BY reference LIMIT ?`).all(cutoff, limit) as DueRow[]),
    apply: (kind, rows, log) => {
      const mark = kind === 'contact' ? 'contact_checked_version' : 'anonymised_version';
      db.transaction(() => {
        for (const { row, data } of rows) {
          if (data) db.prepare('UPDATE enquiries SET data = ? WHERE id = ? AND version = ?').run(JSON.stringify(data), row.id, row.version);
          db.prepare(`UPDATE enquiries SET ${mark} = version${kind === 'enquiry' ? ', contact_checked_version = version' : ''} WHERE id = ? AND version = ?`).run(row.id, row.version);
          if (kind === 'enquiry') {
            const copies = db.prepare("SELECT seq, data FROM pull_changes WHERE entity = 'enquiry' AND entity_id = ?").all(row.id) as { seq: number; data: string }[];
            for (const copy of copies) {
              db.prepare('UPDATE pull_changes SET data = ? WHERE seq = ?').run(JSON.stringify(anonymisedEnquiryData(JSON.parse(copy.data) as Record<string, unknown>)), copy.seq);
            }
          }
        }
        db.prepare('INSERT INTO retention_log (run_at, kind, removed, cutoff, refs) VALUES (?, ?, ?, ?, ?)').run(log.at, kind, log.removed, log.cutoff, log.refs);
      })();
      return Promise.resolve();
    },
  };
  return run(writer, input);
}

/**
 * Retention over PostgreSQL. A push racing the job changes the version: the job's update matches
 * no row (`AND version = $n`) and the enquiry is found again, as it now stands, on the next run.
 */
export function postgresRetention(pool: pg.Pool, input: HubRetentionInput): Promise<RetentionRunReport> {
  const writer: RetentionWriter = {
    due: async (kind, cutoff, limit) =>
      (await pool.query<DueRow>(`${DUE[kind]} ORDER BY reference${limit < 0 ? '' : ' LIMIT $2'}`, limit < 0 ? [cutoff] : [cutoff, limit])).rows.map((row) => ({
        ...row,
        version: Number(row.version),
      })),
    apply: async (kind, rows, log) => {
      const mark = kind === 'contact' ? 'contact_checked_version' : 'anonymised_version';
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        for (const { row, data } of rows) {
          if (data) await client.query('UPDATE enquiries SET data = $1 WHERE id = $2 AND version = $3', [JSON.stringify(data), row.id, row.version]);
          await client.query(`UPDATE enquiries SET ${mark} = version${kind === 'enquiry' ? ', contact_checked_version = version' : ''} WHERE id = $1 AND version = $2`, [row.id, row.version]);
          if (kind === 'enquiry') {
            const copies = await client.query<{ seq: string; data: string }>("SELECT seq, data FROM pull_changes WHERE entity = 'enquiry' AND entity_id = $1", [row.id]);
            for (const copy of copies.rows) {
              await client.query('UPDATE pull_changes SET data = $1 WHERE seq = $2', [JSON.stringify(anonymisedEnquiryData(JSON.parse(copy.data) as Record<string, unknown>)), copy.seq]);
            }
          }
        }
        await client.query('INSERT INTO retention_log (run_at, kind, removed, cutoff, refs) VALUES ($1, $2, $3, $4, $5)', [log.at, kind, log.removed, log.cutoff, log.refs]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
  return run(writer, input);
}

/**
 * The periods from the command line or the environment (`--contact-months` / ONESTOP_HUB_RETENTION_CONTACT_MONTHS,
 * `--enquiry-years` / ONESTOP_HUB_RETENTION_ENQUIRY_YEARS); the defaults when neither says. Throws a
 * message naming the option when a value is not a whole number in range.
 */
export function hubRetentionPeriods(options: { contactMonths?: string; enquiryYears?: string }, env: NodeJS.ProcessEnv): HubRetentionPeriods {
  const pick = (value: string | undefined, envName: string, name: string, fallback: number, limits: { min: number; max: number }): number => {
    const text = value ?? env[envName];
    if (text === undefined || text === '') return fallback;
    const number = Number(text);
    if (!/^[0-9]+$/.test(text) || number < limits.min || number > limits.max) {
      throw new RangeError(`--${name} (or ${envName}) must be a whole number from ${limits.min} to ${limits.max}.`);
    }
    return number;
  };
  return {
    contactMonths: pick(options.contactMonths, 'ONESTOP_HUB_RETENTION_CONTACT_MONTHS', 'contact-months', DEFAULT_HUB_RETENTION.contactMonths, HUB_RETENTION_LIMITS.contactMonths),
    enquiryYears: pick(options.enquiryYears, 'ONESTOP_HUB_RETENTION_ENQUIRY_YEARS', 'enquiry-years', DEFAULT_HUB_RETENTION.enquiryYears, HUB_RETENTION_LIMITS.enquiryYears),
  };
}

/**
 * `serve`'s schedule: a run as the hub starts, then one a day. A failed run is logged and tried
 * again at the next; it never stops the hub.
 */
export function scheduleHubRetention(
  store: { applyRetention(input: HubRetentionInput): Promise<RetentionRunReport> },
  periods: HubRetentionPeriods,
  log: (message: string, detail: unknown) => void,
  now: () => Date = () => new Date(),
): { readonly first: Promise<void>; stop(): void } {
  const once = () =>
    store.applyRetention({ now: now(), periods }).then(
      (report) => log('retention run', { at: report.at, removed: Object.fromEntries(Object.entries(report.removed).map(([kind, r]) => [kind, r.count])) }),
      (error: unknown) => log('retention run failed', error),
    );
  const first = once();
  const timer = setInterval(() => void once(), 24 * 3600_000);
  timer.unref();
  return { first, stop: () => clearInterval(timer) };
}
