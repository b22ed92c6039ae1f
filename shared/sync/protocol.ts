import { z } from 'zod';

/**
 * The hub's HTTP contract, v1 (../../../shared/DESIGN.md, "The hub contract"): the shapes kiosks
 * send and receive. The hub validates with these schemas and documents them as OpenAPI; the kiosk's
 * sync engine builds its requests and reads the answers with the same ones.
 */

/**
 * Entities a kiosk pushes: its enquiries, the meeting dates a chair or administrator set on it, the
 * agenda items a chair built on it (with the outcomes recorded, which the hub applies to every
 * enquiry an item gathers), and the erasures an administrator made on it (`erasureDataSchema`).
 */
export const PUSH_ENTITIES = ['enquiry', 'meeting', 'agenda-item', 'erasure'] as const;
export type PushEntity = (typeof PUSH_ENTITIES)[number];

/** Fields an enquiry's data must hold; anything else is kept as sent (a kiosk may be a version ahead). */
export const enquiryDataSchema = z
  .looseObject({
    reference: z.string().min(1).max(40),
    unitId: z.string().min(1).max(40),
    topic: z.string().min(1).max(80),
    summary: z.string().max(2000),
    createdAt: z.iso.datetime({ offset: true }),
  });
export type EnquiryData = z.infer<typeof enquiryDataSchema>;

/**
 * One change as pushed. The envelope is checked for the whole request (a malformed envelope is a
 * 400); `data` is checked per change (a bad one is `rejected` while the rest apply).
 */
export const pushChangeSchema = z.object({
  id: z.uuid(),
  entity: z.string().min(1).max(40),
  version: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  data: z.record(z.string(), z.unknown()),
});
export type PushChange = z.infer<typeof pushChangeSchema>;

/** At most this many changes in one push; kiosks send fewer (see the sync engine's batch bounds). */
export const MAX_PUSH_CHANGES = 1000;

export const pushRequestSchema = z.object({ changes: z.array(pushChangeSchema).max(MAX_PUSH_CHANGES) });
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const PUSH_STATUSES = ['applied', 'duplicate', 'stale', 'rejected'] as const;
export type PushStatus = (typeof PUSH_STATUSES)[number];

export const pushResultSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  status: z.enum(PUSH_STATUSES),
  error: z.string().optional(),
});
export type PushResult = z.infer<typeof pushResultSchema>;

export const pushResponseSchema = z.object({ results: z.array(pushResultSchema) });
export type PushResponse = z.infer<typeof pushResponseSchema>;

/**
 * A meeting date as pushed by a kiosk and pulled by the kiosks of the forum's units (the same shape
 * both ways; the hub's CLI writes it too).
 */
export const meetingDataSchema = z.looseObject({
  forumId: z.string().min(1).max(40),
  date: z.iso.date(),
  startsAt: z
    .string()
    .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/)
    .nullable(),
  place: z.string().max(200).nullable(),
  cancelled: z.boolean(),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type MeetingData = z.infer<typeof meetingDataSchema>;

/**
 * An agenda item as pushed by the kiosk it was built on. The hub keeps it (the forum's record) and
 * sets every enquiry in `enquiryIds` to the status the item implies: on the agenda; after the
 * meeting, the decision's status with `outcome`; back to "for the forum" when `removed`. Enquiries
 * that were in the previous version and are not any more go back to "for the forum" too.
 */
export const agendaItemDataSchema = z.looseObject({
  meetingId: z.uuid(),
  forumId: z.string().min(1).max(40),
  position: z.number().int().min(1).max(1000),
  title: z.string().max(200),
  summary: z.string().max(2000),
  restricted: z.boolean(),
  referral: z.enum(['none', 'cat', 'pact', 'body']),
  referralBody: z.string().max(200),
  enquiryIds: z.array(z.uuid()).max(500),
  decision: z.enum(['referred', 'action-agreed', 'noted', 'closed', 'carried-forward']).nullable(),
  outcome: z.string().max(2000).nullable(),
  minute: z.string().max(4000).nullable(),
  removed: z.boolean(),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type AgendaItemData = z.infer<typeof agendaItemDataSchema>;

/** At most this many enquiries in one erasure (far more than one person raises). */
export const MAX_ERASURE_ENQUIRIES = 2000;

/**
 * An erasure (UK GDPR art. 17; README, "Erasure"): an administrator erased one person's enquiries,
 * for the reason given. The same shape is pushed by the kiosk it was made on (version 1; an erasure
 * never changes) and pulled by the kiosks of the forum's units, so every copy is erased too. It
 * holds no personal data: ids and references, the reason, when, and the member of staff's username.
 *
 * The hub erases, in the enquiries it holds, the free text and contact details (shared/enquiries/
 * retention.ts, `anonymisedEnquiryData`), in its record and its pull log; an id it does not hold yet
 * is erased when it arrives. Every enquiry it holds must be of the device's forum, with the
 * reference given, or the whole erasure is `rejected`.
 */
export const erasureDataSchema = z.looseObject({
  /** The unit whose kiosk the erasure was made on. */
  unitId: z.string().min(1).max(40),
  enquiries: z
    .array(z.object({ id: z.uuid(), reference: z.string().min(1).max(40) }))
    .min(1)
    .max(MAX_ERASURE_ENQUIRIES),
  reason: z.string().min(1).max(1000),
  erasedAt: z.iso.datetime({ offset: true }),
  /** The username of the administrator who erased them. */
  erasedBy: z.string().min(1).max(80),
});
export type ErasureData = z.infer<typeof erasureDataSchema>;

/**
 * Entities a kiosk pulls: status and outcome changes made on the hub (or at another kiosk of the
 * unit), the unit's enquiries raised at its other kiosks (publishable fields only: `enquiryCopySchema`),
 * directory updates, meeting dates, and erasures made at another kiosk of the forum (`erasureDataSchema`).
 * A kiosk skips an entity it does not know, so one a version behind still syncs.
 */
export const PULL_ENTITIES = ['enquiry-status', 'enquiry', 'directory', 'meeting', 'erasure'] as const;
export type PullEntity = (typeof PULL_ENTITIES)[number];

export const enquiryStatusDataSchema = z.looseObject({
  reference: z.string(),
  status: z.string(),
  outcome: z.string().nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
});

/**
 * An enquiry raised at another kiosk of the unit, as the hub passes it on: what a chair and the
 * front desk of the unit need, never the private details or the contact details.
 */
export const enquiryCopySchema = z.looseObject({
  reference: z.string().min(1).max(40),
  unitId: z.string().min(1).max(40),
  forumId: z.string().min(1).max(40),
  topic: z.string().min(1).max(80),
  body: z.string().min(1).max(40),
  summary: z.string().max(2000),
  location: z.string().max(400),
  channel: z.string().min(1).max(20),
  status: z.string().min(1).max(40),
  outcome: z.string().max(2000).nullable(),
  mergedInto: z.uuid().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type EnquiryCopy = z.infer<typeof enquiryCopySchema>;

export const pullChangeSchema = z.object({
  /** The hub's sequence number: strictly increasing, the order to apply changes in. */
  seq: z.number().int().min(1),
  entity: z.enum(PULL_ENTITIES),
  id: z.string(),
  version: z.number().int().min(1),
  data: z.record(z.string(), z.unknown()),
});
export type PullChange = z.infer<typeof pullChangeSchema>;

export const MAX_PULL_LIMIT = 1000;

export const pullQuerySchema = z.object({
  /** The last sequence number the device applied, as a string; empty or absent: from the start. */
  cursor: z
    .string()
    .regex(/^[0-9]{0,18}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(500),
});

export const pullResponseSchema = z.object({
  changes: z.array(pullChangeSchema),
  cursor: z.string(),
  more: z.boolean(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/** The largest request body the hub reads; beyond it the answer is 413 (documented in server/README.md). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;
