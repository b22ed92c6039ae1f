import { z } from 'zod';

/**
 * The hub's HTTP contract, v1 (../../../shared/DESIGN.md, "The hub contract"): the shapes kiosks
 * send and receive. The hub validates with these schemas and documents them as OpenAPI; the kiosk's
 * sync engine builds its requests and reads the answers with the same ones.
 */

/** Entities a kiosk pushes. Only enquiries today. */
export const PUSH_ENTITIES = ['enquiry'] as const;
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

/** Entities a kiosk pulls: status and outcome changes made on the hub, directory updates, meeting dates. */
export const PULL_ENTITIES = ['enquiry-status', 'directory', 'meeting'] as const;
export type PullEntity = (typeof PULL_ENTITIES)[number];

export const enquiryStatusDataSchema = z.looseObject({
  reference: z.string(),
  status: z.string(),
  outcome: z.string().nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
});

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
