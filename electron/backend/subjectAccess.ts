import { randomUUID } from 'node:crypto';
import {
  hubSubjectResponseSchema,
  parseSubjectQuery,
  reasonNamesSubject,
  type ErasureAnswer,
  type HubSearchState,
  type HubSubjectEnquiry,
  type SubjectMatch,
  type SubjectQuery,
  type SubjectResult,
  type SubjectSearchAnswer,
} from '../../shared/enquiries/subjectAccess';
import type { ExportFile } from '../../shared/forums/model';
import type { ParsedInputOf } from '../../shared/ipc/contract';
import { AppFailure } from '../../shared/ipc/result';
import type { StaffSession } from '../../shared/domain/staff';
import type { Database } from '../../db';
import { findSubject, subjectRecords, type SubjectHit, type SubjectRecords } from '../../db/subjectAccess';
import { purgeErasedRemains, recordErasure } from '../../db/erasure';
import { auditedRead, enquiryList } from './readAudit';
import type { HubCredentials } from './kioskConfig';

/**
 * Subject access on the kiosk (electron/README.md, "Subject access"): find one person's enquiries
 * here and at the hub, and export everything held about them. Both are reads of personal data,
 * noted in the audit of reads with the references found (never what was typed: it is a name).
 */

export interface SubjectAccessOptions {
  readonly db: Database;
  readonly now: () => Date;
  readonly credentials: () => HubCredentials | null;
  readonly fetch?: typeof fetch;
  /** How long the hub may take to answer (default 15 s, as a sync request). */
  readonly timeoutMs?: number;
  /** The unit this kiosk serves (an erasure is recorded as made at it); null before setup. */
  readonly unitId?: () => string | null;
  /** Called after an erasure was saved: it should reach the hub soon. */
  readonly onErased?: () => void;
  readonly log?: (message: string, error?: unknown) => void;
  /** Writes the PDF (loaded on first use: pdfkit is not needed until someone exports). */
  readonly pdf?: (document: SubjectDocument) => Promise<Uint8Array>;
}

/** The hub's answer, or why there is none. */
type HubAnswer = { readonly state: HubSearchState; readonly enquiries: readonly HubSubjectEnquiry[] };

/** One enquiry in the export: what this kiosk holds and what the hub holds, each whole, with its records. */
export interface SubjectEnquiry {
  readonly reference: string;
  readonly heldAt: SubjectResult['heldAt'];
  readonly matchedOn: readonly SubjectMatch[];
  readonly kiosk: Record<string, unknown> | null;
  readonly hub: Omit<HubSubjectEnquiry, 'matchedOn'> | null;
  readonly history: readonly Record<string, unknown>[];
  /** Who opened it: when, the role and the channel (a member of staff's name is theirs, not the person's). */
  readonly reads: readonly { readonly at: string; readonly role: string; readonly channel: string }[];
  readonly retention: readonly Record<string, unknown>[];
  /** Erasures that named it: when, why and where made (never more than the erasure record holds). */
  readonly erasures: readonly { readonly at: string; readonly reason: string; readonly origin: string }[];
}

export interface SubjectDocument {
  readonly exportedAt: string;
  readonly searchedBy: SubjectQuery['kind'];
  readonly hub: HubSearchState;
  readonly enquiries: readonly SubjectEnquiry[];
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
  return String(error);
}

export class SubjectAccess {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: SubjectAccessOptions) {
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Asks the hub for the forum's enquiries the query finds. Never throws: the answer says why there is none. */
  private async askHub(typed: string): Promise<HubAnswer> {
    const credentials = this.options.credentials();
    if (!credentials) return { state: { state: 'not-configured' }, enquiries: [] };
    const timeoutMs = this.options.timeoutMs ?? 15_000;
    try {
      const response = await this.fetch(`${credentials.hubUrl.replace(/\/+$/, '')}/api/v1/subject-access/search`, {
        method: 'POST',
        headers: { authorization: `Bearer ${credentials.token}`, accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify({ query: typed }),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
      const text = await response.text();
      if (!response.ok) return { state: { state: 'unreachable', reason: `the hub answered ${response.status}` }, enquiries: [] };
      const parsed = hubSubjectResponseSchema.safeParse(JSON.parse(text));
      if (!parsed.success) return { state: { state: 'unreachable', reason: 'the hub answered with something this kiosk cannot read' }, enquiries: [] };
      return { state: { state: 'searched', forumId: parsed.data.forumId, found: parsed.data.enquiries.length }, enquiries: parsed.data.enquiries };
    } catch (error) {
      return { state: { state: 'unreachable', reason: describe(error) }, enquiries: [] };
    }
  }

  private async gather(typed: string): Promise<{ query: SubjectQuery; hub: HubAnswer }> {
    const query = parseSubjectQuery(typed);
    if (!query) throw new AppFailure({ code: 'input/invalid', message: 'Type a name, phone number, email address or reference.', fields: { query: { code: 'format' } } });
    const hub = await this.askHub(typed);
    return { query, hub };
  }

  /** The results list: this kiosk's enquiries the query finds (hub copies as the hub's) and the hub's. */
  async search(input: ParsedInputOf<'privacy:search'>, session: StaffSession | null): Promise<SubjectSearchAnswer> {
    const { query, hub } = await this.gather(input.query);
    const { db, now } = this.options;
    return auditedRead(
      db,
      now,
      'privacy:search',
      session,
      () => ({ kind: query.kind, results: merge(findSubject(db, query), hub.enquiries), hub: hub.state }),
      (answer) => enquiryList(answer.results),
    );
  }

  /** Everything held about the enquiries staff kept ticked, as JSON or a readable PDF. */
  async export(input: ParsedInputOf<'privacy:export'>, session: StaffSession | null): Promise<ExportFile> {
    const { query, hub } = await this.gather(input.query);
    const { db, now } = this.options;
    const wanted = new Set(input.references);
    const document = auditedRead(
      db,
      now,
      'privacy:export',
      session,
      (): SubjectDocument => {
        const hits = findSubject(db, query).filter((hit) => wanted.has(hit.reference));
        const hubHits = hub.enquiries.filter((e) => wanted.has(e.reference));
        return {
          exportedAt: now().toISOString(),
          searchedBy: query.kind,
          hub: hub.state,
          enquiries: enquiriesOf(hits, hubHits, subjectRecords(db, [...new Set([...hits, ...hubHits].map((e) => e.reference))])),
        };
      },
      (doc) => enquiryList(doc.enquiries),
    );
    const stamp = document.exportedAt.slice(0, 10);
    if (input.format === 'json') {
      const bytes = Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8');
      return { fileName: `subject-access-${stamp}.json`, mimeType: 'application/json', base64: bytes.toString('base64'), bytes: bytes.length };
    }
    const write = this.options.pdf ?? (async (doc: SubjectDocument) => (await import('./exports/subjectPdf')).subjectAccessPdf(doc));
    const bytes = Buffer.from(await write(document));
    return { fileName: `subject-access-${stamp}.pdf`, mimeType: 'application/pdf', base64: bytes.toString('base64'), bytes: bytes.length };
  }

  /**
   * Erasure (README, "Erasure"): the search again, then the enquiries kept ticked that it still finds,
   * here and at the hub, erased with the reason given. This kiosk's rows are erased at once; the
   * erasure is recorded and goes to the hub through the outbox, and from the hub to the forum's other
   * kiosks. A reason that names the person is refused, keeping what was typed.
   */
  async erase(input: ParsedInputOf<'privacy:erase'>, session: StaffSession | null): Promise<ErasureAnswer> {
    if (!session) throw new AppFailure({ code: 'auth/required', message: 'Sign in to erase.' });
    const query = parseSubjectQuery(input.query);
    if (query && reasonNamesSubject(query, input.reason)) {
      throw new AppFailure({
        code: 'input/invalid',
        message: "The reason holds the person's name, phone number or email address. Say why without them.",
        fields: { reason: { code: 'personal' } },
      });
    }
    const unitId = this.options.unitId?.() ?? null;
    if (!unitId) throw new AppFailure({ code: 'kiosk/not-configured', message: 'This kiosk has not been set up.' });
    const { query: parsed, hub } = await this.gather(input.query);
    const { db, now } = this.options;
    const wanted = new Set(input.references);
    const chosen = new Map<string, { id: string; reference: string; createdAt: string }>();
    for (const hit of findSubject(db, parsed)) if (wanted.has(hit.reference)) chosen.set(hit.reference, { id: hit.id, reference: hit.reference, createdAt: hit.createdAt });
    for (const enquiry of hub.enquiries) {
      if (!wanted.has(enquiry.reference) || chosen.has(enquiry.reference)) continue;
      const createdAt = typeof enquiry.data['createdAt'] === 'string' ? enquiry.data['createdAt'] : '';
      chosen.set(enquiry.reference, { id: enquiry.id, reference: enquiry.reference, createdAt });
    }
    const notFound = [...wanted].filter((reference) => !chosen.has(reference));
    if (chosen.size === 0) {
      throw new AppFailure({ code: 'privacy/not-found', message: 'None of the enquiries ticked is found by this search any more. Search again.' });
    }
    const enquiries = [...chosen.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.reference.localeCompare(b.reference));
    const id = randomUUID();
    const erasedAt = now().toISOString();
    const applied = recordErasure(
      db,
      { id, origin: 'here', unitId, enquiries: enquiries.map(({ id: enquiryId, reference }) => ({ id: enquiryId, reference })), reason: input.reason, erasedAt, erasedBy: session.username },
      erasedAt,
    );
    try {
      purgeErasedRemains(db);
    } catch (error) {
      // The rows are erased and the erasure recorded; only the index merge or WAL truncation failed, and the next erasure tries again.
      this.options.log?.('Could not clear the remains of an erasure', error);
    }
    this.options.onErased?.();
    return { id, erasedAt, references: enquiries.map((e) => e.reference), here: applied.erasedHere.length, notFound, hub: hub.state };
  }
}

/** This kiosk's hits and the hub's, one row per reference; an enquiry raised here and also at the hub is `both`. */
function merge(hits: readonly SubjectHit[], hub: readonly HubSubjectEnquiry[]): SubjectResult[] {
  const byReference = new Map<string, SubjectResult>();
  for (const hit of hits) {
    byReference.set(hit.reference, {
      reference: hit.reference,
      createdAt: hit.createdAt,
      status: hit.status,
      contactName: hit.contactName,
      // A copy pulled from the hub holds publishable fields only: the hub's own record is the one that counts.
      heldAt: hit.origin === 'local' ? 'kiosk' : 'hub',
      matchedOn: hit.matchedOn,
    });
  }
  for (const enquiry of hub) {
    const here = byReference.get(enquiry.reference);
    const contact = enquiry.data['contact'] as { name?: unknown } | null | undefined;
    const name = typeof contact?.name === 'string' && contact.name !== '' ? contact.name : null;
    byReference.set(enquiry.reference, {
      reference: enquiry.reference,
      createdAt: typeof enquiry.data['createdAt'] === 'string' ? enquiry.data['createdAt'] : (here?.createdAt ?? ''),
      status: enquiry.status,
      contactName: here?.contactName ?? name,
      heldAt: here?.heldAt === 'kiosk' ? 'both' : 'hub',
      matchedOn: [...new Set([...(here?.matchedOn ?? []), ...enquiry.matchedOn])],
    });
  }
  return [...byReference.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.reference.localeCompare(b.reference));
}

function hubRecordOf(e: HubSubjectEnquiry): Omit<HubSubjectEnquiry, 'matchedOn'> {
  return { id: e.id, reference: e.reference, unitId: e.unitId, forumId: e.forumId, status: e.status, outcome: e.outcome, version: e.version, receivedAt: e.receivedAt, data: e.data };
}

function enquiriesOf(hits: readonly SubjectHit[], hub: readonly HubSubjectEnquiry[], records: SubjectRecords): SubjectEnquiry[] {
  const results = merge(hits, hub);
  const rows = new Map(records.enquiries.map((row) => [String(row['reference']), row]));
  const hubByReference = new Map(hub.map((e) => [e.reference, e]));
  return results.map((result) => {
    const row = rows.get(result.reference) ?? null;
    const id = row ? String(row['id']) : null;
    const hubEnquiry = hubByReference.get(result.reference);
    return {
      reference: result.reference,
      heldAt: result.heldAt,
      matchedOn: result.matchedOn,
      kiosk: row,
      hub: hubEnquiry ? hubRecordOf(hubEnquiry) : null,
      history: id ? records.events.filter((event) => event['enquiry_id'] === id) : [],
      reads: records.reads
        .filter((read) => (id !== null && read['enquiry_id'] === id) || (typeof read['detail'] === 'string' && read['detail'].split(' ').includes(result.reference)))
        .map((read) => ({ at: String(read['at']), role: String(read['role']), channel: String(read['channel']) })),
      retention: records.retention.filter((entry) => String(entry['refs']).split(' ').includes(result.reference)),
      erasures: records.erasures.filter((entry) => entry.references.includes(result.reference)).map(({ at, reason, origin }) => ({ at, reason, origin })),
    };
  });
}
