import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_BODY_BYTES, pullQuerySchema, pullResponseSchema, pushRequestSchema, pushResponseSchema } from '../shared/sync/protocol';
import { forumIssuesQuerySchema, forumIssuesResponseSchema, forumParamsSchema, issuesCsv, publishedIssue, resolvePeriod } from './forumIssues';
import type { HubDevice, HubStore } from './store';
import { hubSubjectResponseSchema, parseSubjectQuery, SUBJECT_QUERY_MAX } from '../shared/enquiries/subjectAccess';
import { bearerToken, hashToken } from './tokens';
import { hubUnits, type HubUnits } from './units';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated device; set by the bearer-token check on every route but health. */
    device: HubDevice | null;
  }
}

/** Requests one device (or, unauthenticated, one address) may make per window; beyond: 429. */
export interface RateLimitOptions {
  readonly max: number;
  readonly timeWindowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { max: 600, timeWindowMs: 60_000 };

export interface HubAppOptions {
  readonly store: HubStore;
  /** Fastify's pino logger: false (the default) for none, true or pino options for JSON lines. */
  readonly logger?: FastifyServerOptions['logger'];
  /** Per-device rate limit (default 600 a minute); false turns it off. */
  readonly rateLimit?: RateLimitOptions | false;
  /** The hub's clock (injectable for tests). */
  readonly now?: () => Date;
  /** Units and their forums, as the store has them (default: assets/config/units.json). */
  readonly units?: HubUnits;
}

export const API_PREFIX = '/api/v1';

/** Every error the hub answers with: a code a program can test and a message a person can read. */
export const hubErrorSchema = z.object({
  error: z.object({
    code: z.enum(['bad-request', 'unauthorized', 'forbidden', 'not-found', 'too-large', 'rate-limited', 'internal']),
    message: z.string(),
  }),
});
type HubError = z.infer<typeof hubErrorSchema>;
const failure = (code: HubError['error']['code'], message: string): HubError => ({ error: { code, message } });

export const healthResponseSchema = z.object({ status: z.literal('ok'), api: z.literal('v1') });

const MAX_BODY_MIB = MAX_BODY_BYTES / (1024 * 1024);
const errorResponses = {
  400: hubErrorSchema.describe('The body is not JSON or not of the documented shape, or the query is malformed.'),
  401: hubErrorSchema.describe('No device token, an unknown one or a revoked one. Nothing was written.'),
  429: hubErrorSchema.describe('Too many requests from this device; retry after the `retry-after` header (seconds).'),
};

type RateLimitStoreClass = NonNullable<Parameters<typeof rateLimit>[1]['store']>;

/** `@fastify/rate-limit`'s store interface over the hub store's `countRequest` (fixed windows, as its in-memory store). */
function sharedRateLimitStore(count: NonNullable<HubStore['countRequest']>): RateLimitStoreClass {
  class SharedStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      count(key, timeWindow).then(
        (counted) => callback(null, { current: counted.count, ttl: counted.resetInMs }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(): SharedStore {
      return this;
    }
  }
  return SharedStore;
}

/** The answer to a request that never became one (Node's HTTP parser refused it), in the documented error shape. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const reason = error.code === 'HPE_HEADER_OVERFLOW' ? "The request's headers are too large." : 'The request is not valid HTTP/1.1.';
  const body = JSON.stringify(failure('bad-request', reason));
  // The answer to HEAD has no body (its length is still said); Node hands over the refused request's bytes.
  const head = (error as NodeJS.ErrnoException & { rawPacket?: Buffer }).rawPacket?.toString('latin1', 0, 5) === 'HEAD ';
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${head ? '' : body}`,
  );
}

/**
 * Builds the hub's HTTP application (DESIGN.md, "The hub contract"): schema validation on every
 * route from the shared zod schemas, the OpenAPI document from the same schemas, security headers,
 * a body limit, and a per-device rate limit behind the bearer-token check.
 */
export async function buildHubApp(options: HubAppOptions): Promise<FastifyInstance> {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const units = options.units ?? hubUnits();
  const app = Fastify({
    logger: options.logger ?? false,
    // Fastify compares Content-Length with this before reading, so an oversized body is refused
    // at once; a chunked one is cut off as soon as it passes the limit.
    bodyLimit: MAX_BODY_BYTES,
    // Behind no proxy by default: the address is the socket's, and the rate limit cannot be fooled by headers.
    trustProxy: false,
    // A request Node cannot parse (a malformed header, an impossible transfer encoding) is answered
    // in the hub's own error shape too, not Fastify's.
    clientErrorHandler: answerClientError,
  }).withTypeProvider<ZodTypeProvider>();
  // Node answers an Expect header other than 100-continue itself, with an empty 417; the hub says why, in its own shape.
  app.server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    response
      .writeHead(400, { 'content-type': 'application/json; charset=utf-8', connection: 'close' })
      .end(JSON.stringify(failure('bad-request', 'The Expect header asks for something the hub does not do: send the request without it.')));
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('device', null);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'request';
      const issues = error.validation.map((issue) => `${[where, ...issue.instancePath.split('/').filter(Boolean)].join('.')}: ${issue.message}`);
      const shown = issues.slice(0, 5).join('; ') + (issues.length > 5 ? `; and ${issues.length - 5} more` : '');
      return reply.code(400).send(failure('bad-request', `The request does not match the hub's contract: ${shown}.`));
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.code(413).send(failure('too-large', `The body is larger than the hub accepts (at most ${MAX_BODY_MIB} MiB).`));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        // The contract answers 400 to any body that is not JSON, whatever it claims to be.
        return reply.code(400).send(failure('bad-request', 'The body must be JSON (Content-Type: application/json).'));
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.code(400).send(failure('bad-request', `The body is not valid JSON: ${error.message}`));
    }
    const status = error.statusCode ?? 500;
    if (status === 429) return reply.code(429).send(failure('rate-limited', `Too many requests from this device: ${error.message}.`));
    if (status === 413) return reply.code(413).send(failure('too-large', error.message));
    if (status >= 400 && status < 500) return reply.code(400).send(failure('bad-request', error.message));
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(failure('internal', 'The hub could not handle this request. The error is in its log.'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(failure('not-found', `No such route: ${request.method} ${request.url.split('?')[0]}.`)),
  );

  await app.register(helmet);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'onestop forum hub',
        version: '1.0.0',
        description:
          'The sync API between onestop kiosks and their forum hub (contract v1). Devices authenticate with ' +
          '`Authorization: Bearer TOKEN`. Request bodies are limited to ' +
          `${MAX_BODY_MIB} MiB (413 beyond); each device may make a limited number of requests per minute (429 beyond).`,
      },
      components: { securitySchemes: { deviceToken: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  if (options.rateLimit !== false) {
    const limit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
    await app.register(rateLimit, {
      max: limit.max,
      timeWindow: limit.timeWindowMs,
      // A store several hub processes share counts in the database, so an allowance is one across them all.
      ...(store.countRequest ? { store: sharedRateLimitStore(store.countRequest.bind(store)) } : {}),
      // Runs after the token check on authenticated routes (route hooks run in order), so each
      // device has its own allowance; health is counted per address.
      keyGenerator: (request) => (request.device ? `device:${request.device.id}` : `address:${request.ip}`),
    });
  }

  /** The bearer-token check: read on every request, so a revocation counts at once. */
  const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearerToken(request.headers.authorization);
    const device = token === null ? null : await store.findDeviceByTokenHash(hashToken(token));
    if (!device) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="onestop-hub"')
        .send(failure('unauthorized', 'A valid device token is needed: Authorization: Bearer TOKEN. Ask the hub administrator for one.'));
    }
    request.device = device;
    request.log = request.log.child({ deviceId: device.id });
  };
  const deviceOf = (request: FastifyRequest): HubDevice => {
    if (!request.device) throw new Error('authenticated route reached without a device');
    return request.device;
  };
  const security = [{ deviceToken: [] }];

  app.get(
    `${API_PREFIX}/health`,
    {
      schema: {
        summary: 'Is the hub up? No token needed.',
        tags: ['hub'],
        response: { 200: healthResponseSchema.describe('The hub is up.'), 429: errorResponses[429] },
      },
    },
    () => ({ status: 'ok' as const, api: 'v1' as const }),
  );

  app.post(
    `${API_PREFIX}/sync/push`,
    {
      onRequest: authenticate,
      schema: {
        summary: "Push a device's changes; one result per change, in order.",
        description:
          'Each change applies whole or not at all. A resent (id, version) answers `duplicate` and changes nothing; ' +
          'an older version answers `stale`; an invalid change is `rejected` with a reason while the valid ones apply. ' +
          'Entities: `enquiry` (the device’s unit’s), `meeting`, `agenda-item` and `erasure` (its unit’s forum’s); for meetings, agenda ' +
          'items and erasures, a version already taken by other data answers `stale`. Unknown topic ids are grouped under "other"; unknown fields in `data` are kept. ' +
          'An `erasure` (`data`: unitId, enquiries [{id, reference}], reason, erasedAt, erasedBy; a reason is required) anonymises every ' +
          'enquiry it names that the hub holds, and their copies in the pull log, all or nothing: one held for another forum or under ' +
          'another reference rejects the whole erasure. An id not held yet is remembered: when it arrives, and whenever it is pushed ' +
          'again, it is stored anonymised (still `applied`).',
        tags: ['sync'],
        security,
        body: pushRequestSchema,
        response: {
          200: pushResponseSchema.describe('One result per change, in the order sent.'),
          ...errorResponses,
          413: hubErrorSchema.describe(`The body is larger than ${MAX_BODY_MIB} MiB.`),
        },
      },
    },
    async (request) => {
      const results = await store.push(deviceOf(request), request.body.changes, now());
      const counts = { applied: 0, duplicate: 0, stale: 0, rejected: 0 };
      for (const result of results) counts[result.status]++;
      request.log.info(counts, 'push');
      return { results };
    },
  );

  app.get(
    `${API_PREFIX}/sync/pull`,
    {
      onRequest: authenticate,
      schema: {
        summary: "The changes the device's unit should see after the cursor, in hub order.",
        description:
          'Status and outcome changes made on the hub or at another kiosk (`enquiry-status`), copies of the unit’s enquiries ' +
          'raised at its other kiosks (`enquiry`, publishable fields only), directory updates, meeting dates and erasures made at ' +
          'another kiosk of the forum (`erasure`: unitId, enquiries [{id, reference}], reason, erasedAt, erasedBy; erase those enquiries). Apply the ' +
          'page and store the returned cursor in one transaction; pull again while `more` is true.',
        tags: ['sync'],
        security,
        querystring: pullQuerySchema,
        response: { 200: pullResponseSchema.describe('A page of changes, the cursor after it, and whether more wait.'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const after = request.query.cursor ? Number(request.query.cursor) : 0;
      if (!Number.isSafeInteger(after)) return reply.code(400).send(failure('bad-request', 'The cursor is larger than any the hub gives.'));
      return store.pull(deviceOf(request), after, request.query.limit);
    },
  );

  /** The forum a device may read: its own unit's. 404 for a forum no unit has, 403 for another. */
  const forumFor = (request: FastifyRequest, reply: FastifyReply, forumId: string) => {
    const forum = [...units.values()].find((unit) => unit.forum.id === forumId)?.forum;
    if (!forum) {
      void reply.code(404).send(failure('not-found', `No forum "${forumId}" on this hub.`));
      return null;
    }
    const device = deviceOf(request);
    if (units.get(device.unitId)?.forum.id !== forum.id) {
      void reply.code(403).send(failure('forbidden', `This device belongs to unit "${device.unitId}"; it may read only its own unit's forum.`));
      return null;
    }
    return forum;
  };
  const issuesDescription =
    'Each enquiry of the forum created in the period, oldest first, with publishable fields only: never its private ' +
    'details, contact details or fields the hub does not know. `from` and `to` are London days (`to` inclusive) or ' +
    'ISO 8601 instants; by default the 90 days up to today. A device may read only its own unit’s forum.';
  const issuesErrors = {
    ...errorResponses,
    400: hubErrorSchema.describe('A malformed date, or `from` after `to`.'),
    403: hubErrorSchema.describe('The forum is not the one of this device’s unit.'),
    404: hubErrorSchema.describe('No forum of that id on this hub.'),
  };
  const periodOf = (query: z.infer<typeof forumIssuesQuerySchema>, reply: FastifyReply) => {
    const period = resolvePeriod(query, now());
    if (!period) void reply.code(400).send(failure('bad-request', `The period is empty: "from" (${query.from ?? 'default'}) comes after "to" (${query.to ?? 'today'}).`));
    return period;
  };

  app.get(
    `${API_PREFIX}/forums/:forum/issues`,
    {
      onRequest: authenticate,
      schema: {
        summary: 'The issues raised for a forum in a period, as JSON.',
        description: issuesDescription,
        tags: ['forums'],
        security,
        params: forumParamsSchema,
        querystring: forumIssuesQuerySchema,
        response: { 200: forumIssuesResponseSchema.describe('The forum, the period and its issues.'), ...issuesErrors },
      },
    },
    async (request, reply) => {
      const forum = forumFor(request, reply, request.params.forum);
      const period = forum && periodOf(request.query, reply);
      if (!forum || !period) return reply;
      const issues = await store.listForumIssues({ forumId: forum.id, from: period.fromInstant, to: period.toInstant });
      return { forum: { id: forum.id, name: forum.name }, from: period.from, to: period.to, issues: issues.map(publishedIssue) };
    },
  );

  app.get(
    `${API_PREFIX}/forums/:forum/issues.csv`,
    {
      onRequest: authenticate,
      schema: {
        summary: 'The issues raised for a forum in a period, as CSV.',
        description:
          `${issuesDescription} UTF-8 with a byte order mark and CRLF line ends, for Excel; the JSON's columns with the ` +
          'agenda item as meetingDate, itemPosition and restricted; a cell that a spreadsheet would take for a formula ' +
          '(starting with = + - @, a tab or a carriage return) is neutralised.',
        tags: ['forums'],
        security,
        params: forumParamsSchema,
        querystring: forumIssuesQuerySchema,
        response: {
          200: { description: 'The issues as CSV, as an attachment.', content: { 'text/csv': { schema: z.string() } } },
          ...issuesErrors,
        },
      },
    },
    async (request, reply) => {
      const forum = forumFor(request, reply, request.params.forum);
      const period = forum && periodOf(request.query, reply);
      if (!forum || !period) return reply;
      const issues = await store.listForumIssues({ forumId: forum.id, from: period.fromInstant, to: period.toInstant });
      // A string with a content type other than JSON is sent as it is, never through the JSON serializer.
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${forum.id}-issues-${period.fromDay}-${period.toDay}.csv"`)
        .send(issuesCsv(issues));
    },
  );

  app.post(
    `${API_PREFIX}/subject-access/search`,
    {
      onRequest: authenticate,
      schema: {
        summary: "A person's enquiries held at the hub, for a subject-access export on a kiosk of the same forum.",
        description:
          'Staff at a kiosk search for one person by name, phone number, email address or reference (`query`, as typed; ' +
          'read the same way as on the kiosk: shared/enquiries/subjectAccess.ts). The answer holds every enquiry of the ' +
          'device’s unit’s forum that matches, from any kiosk, with its data whole as pushed (contact and private details ' +
          'included: it is for the person’s own copy) and what it matched on. POST, so the name never sits in a URL or a log.',
        tags: ['privacy'],
        security,
        body: z.object({ query: z.string().min(1).max(SUBJECT_QUERY_MAX) }),
        response: {
          200: hubSubjectResponseSchema.describe('The forum searched and the enquiries found, newest first.'),
          ...errorResponses,
          400: hubErrorSchema.describe('The query reads as no name, phone number, email address or reference.'),
          403: hubErrorSchema.describe('The device’s unit is not configured on this hub.'),
        },
      },
    },
    async (request, reply) => {
      const query = parseSubjectQuery(request.body.query);
      if (!query) return reply.code(400).send(failure('bad-request', 'The query reads as no name, phone number, email address or reference.'));
      const forum = units.get(deviceOf(request).unitId)?.forum;
      if (!forum) return reply.code(403).send(failure('forbidden', 'This device belongs to no unit configured on this hub.'));
      const enquiries = await store.findSubject(forum.id, query);
      request.log.info({ kind: query.kind, found: enquiries.length }, 'subject-access');
      return { forumId: forum.id, enquiries };
    },
  );

  app.get(
    `${API_PREFIX}/openapi.json`,
    { onRequest: authenticate, schema: { hide: true } },
    () => app.swagger(),
  );

  return app;
}
