import { randomUUID } from 'node:crypto';
import { findTopic, type Body } from '../../shared/directory/topics';
import { londonInstant } from '../../shared/directory/openingHours';
import {
  DUPLICATE_WINDOW_DAYS,
  streetKey,
  type Contact,
  type EnquiryDetail,
  type EnquiryPage,
  type EnquiryReceipt,
  type PublicEnquiryStatus,
  type SimilarEnquiries,
} from '../../shared/enquiries/model';
import type { ParsedInputOf } from '../../shared/ipc/contract';
import { AppFailure } from '../../shared/ipc/result';
import type { StaffSession } from '../../shared/domain/staff';
import type { KioskSettings } from '../../shared/domain/settings';
import type { Unit } from '../../shared/domain/units';
import {
  changeStatus,
  createEnquiry,
  findPublicStatus,
  findSimilar,
  getEnquiry,
  listEnquiries,
  mergeEnquiry,
  routeEnquiry,
  type Actor,
  type Database,
} from '../../db';

const DAY_MS = 86_400_000;

function actorOf(session: StaffSession | null): Actor {
  return session ? { id: session.staffId, name: session.displayName } : { id: null, name: null };
}

function withConsent(contact: Contact | null, at: string): (Contact & { consentAt: string }) | null {
  return contact ? { ...contact, consentAt: at } : null;
}

/** The day after a YYYY-MM-DD date. */
function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** Where this kiosk is: the unit it serves and its device code, fixed at setup. */
export interface KioskPlace {
  readonly settings: KioskSettings;
  readonly unit: Unit;
}

/**
 * Enquiries as the kiosk's screens use them: residents raise and check, staff log, list, route,
 * change status and merge. Every write is one transaction with its audit and outbox rows.
 */
export class Enquiries {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  private similarSince(): string {
    return new Date(this.now().getTime() - DUPLICATE_WINDOW_DAYS * DAY_MS).toISOString();
  }

  private create(
    place: KioskPlace,
    fields: {
      channel: 'kiosk' | 'desk' | 'phone';
      topicId: string;
      body?: Body | undefined;
      location: string;
      summary: string;
      details: string;
      contact: Contact | null;
      status: 'new' | 'resolved-at-desk' | 'referred' | 'for-forum';
      language: string | null;
    },
    session: StaffSession | null,
  ): EnquiryReceipt {
    const topic = findTopic(fields.topicId);
    if (!topic) throw new AppFailure({ code: 'input/invalid', message: 'Unknown topic.', fields: { topicId: { code: 'format' } } });
    const createdAt = this.now().toISOString();
    const { id, reference } = createEnquiry(
      this.db,
      {
        id: randomUUID(),
        unitId: place.unit.id,
        unitCode: place.unit.code,
        forumId: place.unit.forum.id,
        deviceCode: place.settings.deviceCode,
        topicId: topic.id,
        // The topic proposes the body; staff may choose another.
        body: fields.body ?? topic.bodies[0] ?? 'district',
        summary: fields.summary,
        details: fields.details,
        location: fields.location,
        streetKey: streetKey(fields.location),
        channel: fields.channel,
        status: fields.status,
        language: fields.language,
        contact: withConsent(fields.contact, createdAt),
        createdAt,
      },
      actorOf(session),
    );
    return { id, reference, forumName: place.unit.forum.name, createdAt };
  }

  /** A resident at the touchscreen raises an issue for the forum. */
  raise(place: KioskPlace, input: ParsedInputOf<'enquiries:raise'>): EnquiryReceipt {
    return this.create(
      place,
      { ...input, channel: 'kiosk', details: '', status: 'new', language: input.language ?? null },
      null,
    );
  }

  /** Staff log an enquiry made at the desk or by phone. */
  log(place: KioskPlace, input: ParsedInputOf<'enquiries:log'>, session: StaffSession | null): EnquiryDetail {
    const { id } = this.create(place, { ...input, language: null }, session);
    return this.get(id);
  }

  check(reference: string): PublicEnquiryStatus {
    const status = findPublicStatus(this.db, reference);
    if (!status) throw new AppFailure({ code: 'enquiry/not-found', message: `No enquiry with reference ${reference}.` });
    return status;
  }

  get(id: string): EnquiryDetail {
    return getEnquiry(this.db, id, this.similarSince());
  }

  list(input: ParsedInputOf<'enquiries:list'>): EnquiryPage {
    const { filter } = input;
    return listEnquiries(this.db, filter, {
      offset: input.offset,
      limit: input.limit,
      ...(filter.from && { fromInstant: londonInstant(filter.from, 0).toISOString() }),
      ...(filter.to && { toInstant: londonInstant(nextDay(filter.to), 0).toISOString() }),
    });
  }

  similar(input: ParsedInputOf<'enquiries:similar'>): SimilarEnquiries {
    const rows = findSimilar(this.db, input.topicId, streetKey(input.location), this.similarSince(), input.excludeId ?? null);
    return { count: rows.length, rows: rows.filter((row) => row.mergedInto === null).slice(0, 20) };
  }

  setStatus(input: ParsedInputOf<'enquiries:setStatus'>, session: StaffSession | null): EnquiryDetail {
    changeStatus(this.db, input, actorOf(session), this.now().toISOString());
    return this.get(input.id);
  }

  route(input: ParsedInputOf<'enquiries:route'>, session: StaffSession | null): EnquiryDetail {
    routeEnquiry(this.db, input, actorOf(session), this.now().toISOString());
    return this.get(input.id);
  }

  merge(input: ParsedInputOf<'enquiries:merge'>, session: StaffSession | null): EnquiryDetail {
    mergeEnquiry(this.db, input, actorOf(session), this.now().toISOString());
    return this.get(input.into);
  }
}
