import type { EnquiryStatus } from '../shared/enquiries/model';
import type { HubSubjectEnquiry, SubjectQuery } from '../shared/enquiries/subjectAccess';
import type { RetentionRunReport } from '../shared/enquiries/retention';
import type { HubRetentionInput } from './retention';
import type { MeetingData, PullEntity, PullResponse, PushChange, PushResult } from '../shared/sync/protocol';

/**
 * The hub's storage, behind one narrow interface: the embedded SQLite store (`sqliteStore.ts`, one
 * hub process) or PostgreSQL (`postgres/store.ts`, any number of hub processes on one database).
 * Every method is async so either can sit behind it, and none exposes SQL, rows or a driver. What
 * a change means is decided once, in `storeRules.ts`. Times are passed in (`now`) so no decision
 * hides a clock.
 */
export interface HubStore {
  /** Registers a device of a configured unit. The token is returned once here and stored only as its SHA-256 hash. */
  addDevice(input: { readonly unitId: string; readonly name: string; readonly now: Date }): Promise<NewDevice>;
  /** Every device, active and revoked, oldest first. Never a token or its hash. */
  listDevices(): Promise<readonly HubDeviceRecord[]>;
  /** Revokes a device; its token fails from the next request on. False when no such device exists. */
  revokeDevice(deviceId: string, now: Date): Promise<boolean>;
  /**
   * The active device whose token hashes to `tokenHash` (see `hashToken`), or null for an unknown
   * or revoked one. Read on every request, so a revocation by another process counts at once.
   */
  findDeviceByTokenHash(tokenHash: string): Promise<HubDevice | null>;
  /**
   * Applies a device's pushed changes in order, one result per change (DESIGN.md, "The hub
   * contract"): its unit's enquiries (each applied one copied to the unit's other kiosks), its
   * forum's meetings (announced to every unit of the forum) and agenda items (setting the status of
   * the enquiries they gather), and erasures (anonymising the enquiries they name, in the record and
   * the pull log; README, "Erasure"). Each change applies whole or not at all; an invalid one is
   * `rejected` with a reason and the others still apply.
   */
  push(device: HubDevice, changes: readonly PushChange[], now: Date): Promise<PushResult[]>;
  /** The changes the device's unit should see after `afterSeq`, in hub order, at most `limit`. */
  pull(device: HubDevice, afterSeq: number, limit: number): Promise<PullResponse>;
  /**
   * A status and outcome decided on the hub (the forum, through the CLI or later the chairs' routes).
   * From then on the hub owns the enquiry's status; enquiries merged into it follow. Each enquiry
   * whose status or outcome changes gets an `enquiry-status` pull change for its unit.
   */
  recordStatus(input: RecordStatusInput): Promise<RecordedStatus>;
  /**
   * Appends a pull change as given (a directory update) for one unit, or every unit when `unitId`
   * is null. Meetings go through `saveMeeting`, which keeps their version line.
   */
  appendChange(change: AppendChangeInput): Promise<{ readonly seq: number; readonly version: number }>;
  /**
   * Sets a forum meeting on the hub (the CLI): a new one, or the next version of the one `id` names,
   * the same version line a kiosk's changes continue. Every unit of the forum gets a `meeting` pull
   * change, every one of its kiosks included.
   */
  saveMeeting(input: SaveMeetingInput): Promise<SavedMeeting>;
  /** A forum's meetings as the hub holds them, by date (cancelled ones included). */
  listMeetings(forumId: string): Promise<readonly HubMeeting[]>;
  /**
   * The enquiries of a forum created in [from, to), oldest first, with the agenda item that holds
   * each: what the forum issues endpoints read.
   */
  listForumIssues(query: ForumIssuesQuery): Promise<readonly ForumIssue[]>;
  /**
   * Subject access (server/README.md, "Subject access"): the forum's enquiries the query finds, as
   * pushed (contact and private details included), matched with shared/enquiries/subjectAccess.ts.
   */
  findSubject(forumId: string, query: SubjectQuery): Promise<HubSubjectEnquiry[]>;
  /**
   * Counts one request against `key`'s allowance, in fixed windows of `windowMs` on the database's
   * clock: the count so far in the current window and the milliseconds until it ends. Present on a
   * store several hub processes share (PostgreSQL), so a device's allowance is one across them all;
   * absent, each process counts in memory.
   */
  countRequest?(key: string, windowMs: number): Promise<RequestCount>;
  /**
   * Retention (README, "Retention"; server/retention.ts): removes closed enquiries' contact details
   * and anonymises old enquiries and their copies in the pull log, logging each batch in
   * `retention_log`; with `dryRun`, only says what is due.
   */
  applyRetention(input: HubRetentionInput): Promise<RetentionRunReport>;
  close(): Promise<void>;
}

export interface RequestCount {
  readonly count: number;
  readonly resetInMs: number;
}

/** What a request knows about the device that made it. */
export interface HubDevice {
  readonly id: string;
  readonly unitId: string;
  readonly name: string;
}

export interface HubDeviceRecord extends HubDevice {
  readonly createdAt: string;
  readonly revokedAt: string | null;
  /** When the device last pushed (the hub's clock); null if never. */
  readonly lastPushAt: string | null;
}

export interface NewDevice {
  readonly deviceId: string;
  /** 256 random bits, base64url. Shown once; the hub keeps only its hash. */
  readonly token: string;
}

export interface RecordStatusInput {
  readonly reference: string;
  readonly status: EnquiryStatus;
  /** The public outcome. Omitted: kept as it is (cleared when the status goes back to new). */
  readonly outcome?: string | null;
  readonly now: Date;
}

export interface RecordedStatus {
  readonly id: string;
  readonly reference: string;
  readonly unitId: string;
  readonly status: EnquiryStatus;
  readonly outcome: string | null;
  /** Enquiries whose status or outcome changed: this one and those merged into it. */
  readonly changed: number;
}

export interface AppendChangeInput {
  /** The unit that should see the change; null for every unit. */
  readonly unitId: string | null;
  readonly entity: PullEntity;
  readonly id: string;
  /** Omitted: one more than the last version appended for this entity and id (1 for the first). */
  readonly version?: number;
  readonly data: Readonly<Record<string, unknown>>;
  readonly now: Date;
}

export interface SaveMeetingInput {
  /** Absent: a new meeting. Present: the meeting to change (it must be held, and of `forumId`). */
  readonly id?: string;
  readonly forumId: string;
  /** YYYY-MM-DD, London. */
  readonly date: string;
  /** "HH:MM", London, or null when not fixed. */
  readonly startsAt: string | null;
  readonly place: string | null;
  readonly cancelled: boolean;
  readonly now: Date;
}

export interface HubMeeting {
  readonly id: string;
  readonly forumId: string;
  readonly date: string;
  readonly startsAt: string | null;
  readonly place: string | null;
  readonly cancelled: boolean;
  readonly version: number;
  readonly updatedAt: string;
}

export interface SavedMeeting extends HubMeeting {
  readonly forumName: string;
  /** The data the kiosks pull. */
  readonly data: MeetingData;
  /** The pull change appended for each unit of the forum. */
  readonly units: readonly { readonly unitId: string; readonly seq: number; readonly version: number }[];
}

export interface ForumIssuesQuery {
  readonly forumId: string;
  /** ISO 8601 instants; `from` inclusive, `to` exclusive. */
  readonly from: string;
  readonly to: string;
}

export interface ForumIssue {
  readonly id: string;
  readonly reference: string;
  readonly unitId: string;
  readonly forumId: string;
  readonly topic: string;
  /** The topic's group, or `other` for a topic id the hub does not know. */
  readonly topicGroup: string;
  readonly status: string;
  readonly outcome: string | null;
  readonly mergedInto: string | null;
  readonly version: number;
  /** UTC, normalised from the kiosk's `createdAt`. */
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The reference of the enquiry it is merged into, when the hub holds that one. */
  readonly mergedIntoReference: string | null;
  /**
   * The enquiry's data as the kiosk last sent it, unknown fields included: private details and
   * contact too. Never pass it on whole; pick the publishable fields.
   */
  readonly data: Readonly<Record<string, unknown>>;
  /** The agenda item holding it (of the latest meeting when several do), or null. */
  readonly agenda: ForumIssueAgenda | null;
}

export interface ForumIssueAgenda {
  readonly meetingId: string;
  /** The meeting's date, when the hub holds the meeting. */
  readonly meetingDate: string | null;
  readonly itemId: string;
  readonly position: number;
  /** Schedule 12A: information about an individual. */
  readonly restricted: boolean;
}

/** A mistake in what the caller asked of the store (unknown unit, reference, forum...), said in words. */
export class HubStoreError extends Error {
  constructor(
    readonly code: 'unknown-unit' | 'unknown-forum' | 'unknown-reference' | 'unknown-meeting' | 'invalid' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'HubStoreError';
  }
}
