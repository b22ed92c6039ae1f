import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { findTopic } from '../shared/directory/topics';
import type { UnitsConfig } from '../shared/domain/units';
import { ENQUIRY_STATUSES, LIMITS } from '../shared/enquiries/model';
import { anonymisedEnquiryData } from '../shared/enquiries/retention';
import { DECISION_STATUS } from '../shared/forums/model';
import {
  agendaItemDataSchema,
  enquiryCopySchema,
  enquiryDataSchema,
  erasureDataSchema,
  MAX_ERASURE_ENQUIRIES,
  meetingDataSchema,
  PULL_ENTITIES,
  type AgendaItemData,
  type EnquiryCopy,
  type ErasureData,
  type MeetingData,
  type PullEntity,
  type PushChange,
  type PushResult,
} from '../shared/sync/protocol';
import { HubStoreError, type AppendChangeInput, type HubDevice, type RecordStatusInput, type SaveMeetingInput } from './store';
import type { HubUnits } from './units';

/**
 * The hub's rules, shared by its stores (`sqliteStore.ts`, `postgres/store.ts`): what a pushed
 * change means given what the hub holds, decided without a database. Each store reads what a rule
 * needs, asks the rule, and writes what it answers, in its own transaction; so the two stores
 * cannot come to different answers for the same change.
 */

/** Topic ids the hub does not know (a kiosk with a newer directory) are grouped under this. */
export const OTHER_TOPIC_GROUP = 'other';

/**
 * The fields of an enquiry's data the hub reads besides the required ones. Optional, so a kiosk one
 * version behind still syncs; when present they must make sense.
 */
const enquiryStateSchema = z.object({
  status: z.string().min(1).max(40).optional(),
  outcome: z.string().max(2000).nullable().optional(),
  mergedInto: z.uuid().nullable().optional(),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
});

/** What an enquiry-status pull change says, for the kiosks of the enquiry's unit. */
export interface StatusView {
  readonly status: string;
  readonly outcome: string | null;
  readonly mergedInto: string | null;
}

export const sameView = (a: StatusView, b: StatusView) => a.status === b.status && a.outcome === b.outcome && a.mergedInto === b.mergedInto;

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${['data', ...issue.path.map(String)].join('.')}: ${issue.message}`).join('; ');
}

/** An ISO 8601 instant in UTC, so stored times sort and compare as text whatever offset a kiosk used. */
export const utc = (iso: string) => new Date(iso).toISOString();

/**
 * What identifies a version's data: the same change sent again hashes the same (a kiosk resends
 * its outbox payload as it stored it), a different change claiming that version does not.
 */
export const dataHash = (data: unknown) => createHash('sha256').update(JSON.stringify(data), 'utf8').digest('hex');

/** A pull change a rule asks the store to append, in order. */
export interface PlannedChange {
  /** The unit that should see it; null for every unit. */
  readonly unitId: string | null;
  readonly entity: PullEntity;
  readonly id: string;
  readonly version: number;
  readonly data: Readonly<Record<string, unknown>>;
  /** The device whose push caused it: it has it already, so it is not sent back. */
  readonly originDeviceId: string | null;
}

/** An enquiry as the hub holds it, as far as the rules read it. */
export interface HeldEnquiry {
  readonly id: string;
  readonly reference: string;
  readonly unitId: string;
  readonly status: string;
  readonly outcome: string | null;
  readonly mergedInto: string | null;
  /** 'kiosk' until the hub records a status; then the hub keeps status and outcome. */
  readonly statusOwner: 'kiosk' | 'hub';
  readonly version: number;
  readonly createdAt: string;
}

/** The row a store writes for an applied enquiry change. */
export interface EnquiryWrite extends StatusView {
  readonly id: string;
  readonly reference: string;
  readonly unitId: string;
  readonly forumId: string;
  readonly topic: string;
  readonly topicGroup: string;
  readonly version: number;
  /** The whole data as sent, as JSON: fields this hub does not know are kept for the hub that will. */
  readonly data: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly deviceId: string;
  readonly receivedAt: string;
  /**
   * The data was anonymised because an erasure named the enquiry: the store marks this version as
   * dealt with by retention (`anonymised_version`, `contact_checked_version`), as an erasure does.
   */
  readonly anonymised: boolean;
}

export interface EnquiryPlan {
  readonly result: PushResult;
  /** Absent unless `applied`: insert a new enquiry or update the held one, and record its version. */
  readonly write?: { readonly insert: boolean; readonly row: EnquiryWrite };
  /** The pull changes to append, in this order. */
  readonly changes: readonly PlannedChange[];
}

const answer = (change: PushChange, status: PushResult['status']): PushResult => ({ id: change.id, version: change.version, status });
const rejected = (change: PushChange, error: string): PushResult => ({ ...answer(change, 'rejected'), error });

/** The reference a pushed enquiry claims, for the store to look up its holder before asking `planEnquiry`. */
export const claimedReference = (change: PushChange): string | null =>
  typeof change.data.reference === 'string' ? change.data.reference : null;

/** An `enquiry-status` pull change for the kiosks of the enquiry's unit. */
export function statusChange(
  enquiry: Pick<HeldEnquiry, 'id' | 'reference' | 'unitId'>,
  view: StatusView,
  version: number,
  updatedAt: string,
  originDeviceId: string | null,
): PlannedChange {
  return {
    unitId: enquiry.unitId,
    entity: 'enquiry-status',
    id: enquiry.id,
    version,
    data: { reference: enquiry.reference, status: view.status, outcome: view.outcome, updatedAt, mergedInto: view.mergedInto },
    originDeviceId,
  };
}

/**
 * What a pushed enquiry change does (DESIGN.md, "Sync behaviour"): `duplicate` for a version the hub
 * accepted before (checked before the data, so a resend is harmless however late it comes and
 * whatever it holds), `stale` for an older one, `rejected` with a reason for one that is not valid
 * or not the device's unit's, else `applied` with the row to write and the pull changes: a copy for
 * the unit's other kiosks, and a status change when the hub's view differs from what was sent or
 * from what it held.
 *
 * `referenceHolder` is the id of the enquiry holding `claimedReference(change)`, if any. `erased`:
 * an erasure of the device's forum named this enquiry (`erased_enquiries`); its data is then stored,
 * and copied, anonymised (a kiosk that had not heard of the erasure, or one restored from an old
 * backup, sending the old words again). The version still counts, so that kiosk's outbox empties.
 */
export function planEnquiry(input: {
  readonly device: HubDevice;
  readonly change: PushChange;
  readonly unit: UnitsConfig[number] | undefined;
  readonly existing: HeldEnquiry | null;
  readonly versionSeen: boolean;
  readonly referenceHolder: string | null;
  readonly erased: boolean;
  readonly at: string;
}): EnquiryPlan {
  const { device, unit, existing, at } = input;
  let { change } = input;
  const only = (result: PushResult): EnquiryPlan => ({ result, changes: [] });
  if (existing && existing.unitId !== device.unitId) {
    return only(rejected(change, `Enquiry ${existing.reference} belongs to unit "${existing.unitId}", not to this device's unit "${device.unitId}".`));
  }
  if (input.versionSeen) return only(answer(change, 'duplicate'));

  const parsed = enquiryDataSchema.safeParse(change.data);
  if (!parsed.success) return only(rejected(change, `The enquiry's data is not valid: ${describeIssues(parsed.error)}.`));
  const state = enquiryStateSchema.safeParse(change.data);
  if (!state.success) return only(rejected(change, `The enquiry's data is not valid: ${describeIssues(state.error)}.`));
  const data = parsed.data;
  if (data.unitId !== device.unitId) {
    return only(rejected(change, `data.unitId is "${data.unitId}", but this device belongs to unit "${device.unitId}".`));
  }
  if (!unit) return only(rejected(change, `Unit "${device.unitId}" is not in the hub's unit configuration.`));

  if (existing && change.version <= existing.version) return only(answer(change, 'stale'));
  if (existing && existing.reference !== data.reference) {
    return only(rejected(change, `An enquiry's reference never changes: this one is ${existing.reference}, the change says ${data.reference}.`));
  }
  if (input.referenceHolder !== null && input.referenceHolder !== change.id) {
    return only(rejected(change, `Reference ${data.reference} already belongs to another enquiry.`));
  }
  // Status, outcome and merge are kept by anonymising, so what follows reads the same either way.
  if (input.erased) change = { ...change, data: anonymisedEnquiryData(change.data) };

  const sent: StatusView = {
    status: state.data.status ?? existing?.status ?? 'new',
    outcome: state.data.outcome !== undefined ? state.data.outcome : (existing?.outcome ?? null),
    mergedInto: state.data.mergedInto !== undefined ? state.data.mergedInto : (existing?.mergedInto ?? null),
  };
  const before: StatusView | null = existing ? { status: existing.status, outcome: existing.outcome, mergedInto: existing.mergedInto } : null;
  // Once the hub has recorded a status, the forum owns status and outcome: a kiosk's newer version
  // updates the content, and the kiosk hears the hub's status back (below).
  const effective = existing && before && existing.statusOwner === 'hub' ? { ...before, mergedInto: sent.mergedInto } : sent;
  const updatedAt = utc(state.data.updatedAt ?? at);
  const createdAt = utc(existing?.createdAt ?? data.createdAt);
  const row: EnquiryWrite = {
    id: change.id,
    reference: data.reference,
    unitId: unit.id,
    forumId: unit.forum.id,
    topic: data.topic,
    topicGroup: findTopic(data.topic)?.group ?? OTHER_TOPIC_GROUP,
    version: change.version,
    data: JSON.stringify(change.data),
    createdAt,
    updatedAt,
    deviceId: device.id,
    receivedAt: at,
    anonymised: input.erased,
    ...effective,
  };

  const changes: PlannedChange[] = [];
  // The unit's other kiosks get a copy, publishable fields only, with the hub's view of status. It
  // goes before the status change below, which then tells them nothing new: a kiosk records the
  // copy as it is, not as a status change the hub made to it.
  const copy = enquiryCopy(change.data, unit, effective, createdAt, updatedAt);
  if (copy) changes.push({ unitId: unit.id, entity: 'enquiry', id: change.id, version: change.version, data: copy, originDeviceId: device.id });
  if (existing && before) {
    if (!sameView(effective, sent)) {
      changes.push(statusChange(existing, effective, change.version, at, null));
    } else if (!sameView(effective, before)) {
      // The unit's other kiosks learn it; the device that sent it has it already.
      changes.push(statusChange(existing, effective, change.version, state.data.updatedAt ?? at, device.id));
    }
  }
  return { result: answer(change, 'applied'), write: { insert: !existing, row }, changes };
}

/**
 * The copy of an enquiry the unit's other kiosks get: the publishable fields only, picked one by
 * one (never the private details, the contact or a field this hub does not know), with the hub's
 * view of status, outcome and merge. Null when the kiosk's data lacks one of them (a kiosk from
 * before they were sent): no copy rather than a made-up field.
 */
function enquiryCopy(
  data: Readonly<Record<string, unknown>>,
  unit: UnitsConfig[number],
  view: StatusView,
  createdAt: string,
  updatedAt: string,
): EnquiryCopy | null {
  const copy = enquiryCopySchema.safeParse({
    reference: data.reference,
    unitId: unit.id,
    forumId: unit.forum.id,
    topic: data.topic,
    body: data.body,
    summary: data.summary,
    location: data.location ?? '',
    channel: data.channel,
    status: view.status,
    outcome: view.outcome,
    mergedInto: view.mergedInto,
    createdAt,
    updatedAt,
  });
  return copy.success ? copy.data : null;
}

/** A forum record (meeting or agenda item) as the hub holds it, as far as the rules read it. */
export interface HeldRecord {
  readonly forumId: string;
  readonly version: number;
}

/**
 * `duplicate` when this (entity, id, version) was accepted before with the same data, `stale`
 * when it was accepted with other data (another change got that version first), null when new.
 */
export function seenVersion(acceptedHash: string | null, change: PushChange): 'duplicate' | 'stale' | null {
  if (acceptedHash === null) return null;
  return acceptedHash === dataHash(change.data) ? 'duplicate' : 'stale';
}

type Checked<T> = { readonly result: PushResult; readonly data?: undefined } | { readonly result?: undefined; readonly data: T };

/**
 * Whether a meeting date set on a kiosk applies: only a kiosk of one of the forum's units may set
 * it, and only a version newer than the hub's. `acceptedHash` is the data hash the hub recorded for
 * this (meeting, version), if any.
 */
export function checkMeeting(input: {
  readonly device: HubDevice;
  readonly change: PushChange;
  readonly forum: UnitsConfig[number]['forum'] | undefined;
  readonly existing: HeldRecord | null;
  readonly acceptedHash: string | null;
}): Checked<MeetingData> {
  const { device, change, forum, existing } = input;
  if (!forum) return { result: rejected(change, `Unit "${device.unitId}" is not in the hub's unit configuration.`) };
  if (existing && existing.forumId !== forum.id) {
    return { result: rejected(change, `Meeting ${change.id} belongs to forum "${existing.forumId}", not to this device's forum "${forum.id}".`) };
  }
  const seen = seenVersion(input.acceptedHash, change);
  if (seen) return { result: answer(change, seen) };
  const parsed = meetingDataSchema.safeParse(change.data);
  if (!parsed.success) return { result: rejected(change, `The meeting's data is not valid: ${describeIssues(parsed.error)}.`) };
  if (parsed.data.forumId !== forum.id) {
    return { result: rejected(change, `data.forumId is "${parsed.data.forumId}", but this device's unit belongs to forum "${forum.id}".`) };
  }
  if (existing && change.version <= existing.version) return { result: answer(change, 'stale') };
  return { data: parsed.data };
}

/** The meeting id an agenda item change names, for the store to look up before asking `checkAgendaItem`. */
export const claimedMeeting = (change: PushChange): string | null => (typeof change.data.meetingId === 'string' ? change.data.meetingId : null);

/**
 * Whether an agenda item built on a chair's kiosk applies: the device's forum's, valid, its meeting
 * (when the hub holds it, as `meetingForumId` says) of the same forum, and newer than the hub's.
 */
export function checkAgendaItem(input: {
  readonly device: HubDevice;
  readonly change: PushChange;
  readonly forum: UnitsConfig[number]['forum'] | undefined;
  readonly existing: HeldRecord | null;
  readonly acceptedHash: string | null;
  /** The forum of the meeting `claimedMeeting(change)` names, when the hub holds it. */
  readonly meetingForumId: string | null;
}): Checked<AgendaItemData> {
  const { device, change, forum, existing } = input;
  if (!forum) return { result: rejected(change, `Unit "${device.unitId}" is not in the hub's unit configuration.`) };
  if (existing && existing.forumId !== forum.id) {
    return { result: rejected(change, `Agenda item ${change.id} belongs to forum "${existing.forumId}", not to this device's forum "${forum.id}".`) };
  }
  const seen = seenVersion(input.acceptedHash, change);
  if (seen) return { result: answer(change, seen) };
  const parsed = agendaItemDataSchema.safeParse(change.data);
  if (!parsed.success) return { result: rejected(change, `The agenda item's data is not valid: ${describeIssues(parsed.error)}.`) };
  const data = parsed.data;
  if (data.forumId !== forum.id) {
    return { result: rejected(change, `data.forumId is "${data.forumId}", but this device's unit belongs to forum "${forum.id}".`) };
  }
  if (input.meetingForumId !== null && input.meetingForumId !== data.forumId) {
    return { result: rejected(change, `Meeting ${data.meetingId} belongs to forum "${input.meetingForumId}", not to forum "${data.forumId}".`) };
  }
  if (existing && change.version <= existing.version) return { result: answer(change, 'stale') };
  return { data };
}

/** An enquiry an erasure names, as the hub holds it, as far as `checkErasure` reads it. */
export interface HeldErasedEnquiry {
  readonly id: string;
  readonly reference: string;
  readonly forumId: string;
}

/**
 * The enquiry ids an erasure change names, for the store to lock and look up before asking
 * `checkErasure`; none when the list is not one the schema could accept (too long, not objects).
 */
export function claimedErasureEnquiries(change: PushChange): string[] {
  const list = change.data.enquiries;
  if (!Array.isArray(list) || list.length > MAX_ERASURE_ENQUIRIES) return [];
  const ids = list.map((item: unknown) => (item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : null));
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/**
 * Whether an erasure made on a kiosk applies (README, "Erasure"): valid (a reason is required), of
 * the device's unit, new (`duplicate` and `stale` as for meetings: `acceptedHash` is the hash
 * recorded for this (erasure, version)), and every enquiry it names that the hub holds (`held`, by
 * id) of the device's forum with the reference given; otherwise the whole erasure is `rejected`.
 * Ids the hub does not hold yet are accepted: they are remembered and erased when they arrive.
 */
export function checkErasure(input: {
  readonly device: HubDevice;
  readonly change: PushChange;
  readonly unit: UnitsConfig[number] | undefined;
  readonly existing: HeldRecord | null;
  readonly acceptedHash: string | null;
  readonly held: ReadonlyMap<string, HeldErasedEnquiry>;
}): Checked<ErasureData> {
  const { device, change, unit, existing } = input;
  if (!unit) return { result: rejected(change, `Unit "${device.unitId}" is not in the hub's unit configuration.`) };
  if (existing && existing.forumId !== unit.forum.id) {
    return { result: rejected(change, `Erasure ${change.id} belongs to forum "${existing.forumId}", not to this device's forum "${unit.forum.id}".`) };
  }
  const seen = seenVersion(input.acceptedHash, change);
  if (seen) return { result: answer(change, seen) };
  const parsed = erasureDataSchema.safeParse(change.data);
  if (!parsed.success) return { result: rejected(change, `The erasure's data is not valid: ${describeIssues(parsed.error)}.`) };
  const data = parsed.data;
  if (data.unitId !== device.unitId) {
    return { result: rejected(change, `data.unitId is "${data.unitId}", but this device belongs to unit "${device.unitId}".`) };
  }
  if (existing && change.version <= existing.version) return { result: answer(change, 'stale') };
  const named = new Map<string, string>();
  for (const { id, reference } of data.enquiries) {
    const before = named.get(id);
    if (before !== undefined && before !== reference) {
      return { result: rejected(change, `The erasure names enquiry ${id} twice, as ${before} and as ${reference}.`) };
    }
    named.set(id, reference);
    const held = input.held.get(id);
    if (!held) continue;
    if (held.forumId !== unit.forum.id) {
      return { result: rejected(change, `Enquiry ${reference} belongs to forum "${held.forumId}", not to this device's forum "${unit.forum.id}"; nothing was erased.`) };
    }
    if (held.reference !== reference) {
      return { result: rejected(change, `Enquiry ${id} has reference ${held.reference} on the hub, not ${reference}; nothing was erased.`) };
    }
  }
  return { data };
}

/**
 * The erasure as the forum's kiosks pull it: the fields of `erasureDataSchema` picked one by one
 * (a field this hub does not know is not passed on), for every unit of the forum; the kiosk that
 * made it is not sent its own.
 */
export function erasureChanges(
  units: readonly UnitsConfig[number][],
  id: string,
  data: ErasureData,
  version: number,
  originDeviceId: string,
): PlannedChange[] {
  const picked = {
    unitId: data.unitId,
    enquiries: data.enquiries.map((enquiry) => ({ id: enquiry.id, reference: enquiry.reference })),
    reason: data.reason,
    erasedAt: data.erasedAt,
    erasedBy: data.erasedBy,
  };
  return units.map((unit) => ({ unitId: unit.id, entity: 'erasure', id, version, data: picked, originDeviceId }));
}

/** An enquiry's data (or a copy of it in the pull log) as an erasure leaves it, as JSON text. */
export const erasedData = (json: string): string => JSON.stringify(anonymisedEnquiryData(JSON.parse(json) as Record<string, unknown>));

/** The answer for a change of an entity the hub does not take. */
export const unknownEntity = (change: PushChange, known: readonly string[]): PushResult =>
  rejected(change, `Unknown entity "${change.entity}": this hub takes only ${known.join(', ')} changes.`);

/** A `meeting` pull change for every unit of the meeting's forum; the kiosk that set it is not sent its own change. */
export function meetingChanges(
  units: readonly UnitsConfig[number][],
  id: string,
  data: MeetingData,
  version: number,
  originDeviceId: string | null,
): PlannedChange[] {
  return units.map((unit) => ({ unitId: unit.id, entity: 'meeting', id, version, data, originDeviceId }));
}

/**
 * The status an agenda item gives the enquiries it gathers: on the agenda; after the meeting, the
 * decision's status with the item's outcome; back to "for the forum" when removed. `outcome`
 * undefined: each enquiry keeps its own.
 */
export function agendaStatus(item: AgendaItemData): { status: string; outcome?: string | null } {
  if (item.removed) return { status: 'for-forum' };
  if (item.decision !== null) return { status: DECISION_STATUS[item.decision], outcome: item.outcome };
  return { status: 'on-agenda' };
}

/** An agenda item holding an enquiry, as the forum issues endpoints name it. */
export interface IssueAgendaLink {
  readonly enquiryId: string;
  readonly itemId: string;
  readonly meetingId: string;
  readonly meetingDate: string | null;
  readonly position: number;
  readonly restricted: boolean;
  readonly updatedAt: string;
}

/** An ISO 8601 instant as the store compares it (UTC), or a `HubStoreError`-worthy message. */
export function instantOf(text: string): string | null {
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/**
 * The checks on a status recorded on the hub (`HubStore.recordStatus`) before anything is read;
 * and the outcome it leaves, given the enquiry's: kept when none is given, cleared back at `new`.
 */
export function checkRecordStatus(input: RecordStatusInput): void {
  if (!(ENQUIRY_STATUSES as readonly string[]).includes(input.status)) {
    throw new HubStoreError('invalid', `"${input.status}" is not a status. Use one of: ${ENQUIRY_STATUSES.join(', ')}.`);
  }
  if (input.outcome && input.outcome.length > LIMITS.outcome.max) {
    throw new HubStoreError('invalid', `An outcome holds at most ${LIMITS.outcome.max} characters.`);
  }
}

export const recordedOutcome = (input: RecordStatusInput, held: string | null): string | null =>
  input.outcome !== undefined ? input.outcome : input.status === 'new' ? null : held;

/** The checks on a pull change appended as given (`HubStore.appendChange`). */
export function checkAppendChange(change: AppendChangeInput, units: HubUnits): void {
  if (!(PULL_ENTITIES as readonly string[]).includes(change.entity)) {
    throw new HubStoreError('invalid', `"${change.entity}" is not a pull entity. Use one of: ${PULL_ENTITIES.join(', ')}.`);
  }
  if (change.unitId !== null) knownUnit(units, change.unitId);
  if (change.version !== undefined && !(Number.isSafeInteger(change.version) && change.version >= 1)) {
    throw new HubStoreError('invalid', 'A version is a whole number from 1.');
  }
}

export function knownUnit(units: HubUnits, unitId: string): void {
  if (!units.has(unitId)) {
    throw new HubStoreError('unknown-unit', `Unknown unit "${unitId}". Known units: ${[...units.keys()].join(', ')}.`);
  }
}

/** The units of a forum, in configuration order; none for a forum this hub does not know. */
export const unitsOfForum = (units: HubUnits, forumId: string) => [...units.values()].filter((unit) => unit.forum.id === forumId);

/** The units of a forum the CLI sets a meeting for; an unknown forum is refused with the known ones. */
export function forumUnits(units: HubUnits, forumId: string): UnitsConfig[number][] {
  const found = unitsOfForum(units, forumId);
  if (found.length === 0) {
    const forums = [...new Set([...units.values()].map((unit) => unit.forum.id))];
    throw new HubStoreError('unknown-forum', `Unknown forum "${forumId}". Known forums: ${forums.join(', ')}.`);
  }
  return found;
}

/**
 * The meeting the CLI sets (`HubStore.saveMeeting`): a new one, or the next version of the held one
 * `input.id` names (which must exist and be the forum's). Fields a newer kiosk added to the meeting
 * are kept; the ones set here are replaced.
 */
export function meetingToSave(
  input: SaveMeetingInput,
  existing: { readonly id: string; readonly forumId: string; readonly version: number; readonly data: string } | undefined,
  at: string,
): { readonly id: string; readonly version: number; readonly data: MeetingData } {
  if (input.id !== undefined && !existing) throw new HubStoreError('unknown-meeting', `No meeting ${input.id} on this hub.`);
  if (existing && existing.forumId !== input.forumId) {
    throw new HubStoreError('invalid', `Meeting ${existing.id} belongs to forum "${existing.forumId}", not "${input.forumId}".`);
  }
  const parsed = meetingDataSchema.safeParse({
    ...(existing ? (JSON.parse(existing.data) as Record<string, unknown>) : {}),
    forumId: input.forumId,
    date: input.date,
    startsAt: input.startsAt,
    place: input.place,
    cancelled: input.cancelled,
    updatedAt: at,
  });
  if (!parsed.success) throw new HubStoreError('invalid', `The meeting is not valid: ${describeIssues(parsed.error)}.`);
  // The same version line as the kiosks': a kiosk holding this version pushes the next one.
  return { id: existing?.id ?? randomUUID(), version: (existing?.version ?? 0) + 1, data: parsed.data };
}
