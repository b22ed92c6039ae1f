/**
 * A kiosk's unsynced backlog, made fast: enquiries written straight through the repository
 * (`createEnquiry`, `changeStatus`: the same rows, audit and outbox entries the screens make) inside
 * one outer transaction on a connection of the test's own, before the backend opens the file.
 */
import { changeStatus, createEnquiry, findUnit, openDatabase, readSettings, writeSettings } from '../../db';
import { TOPICS } from '../../shared/directory/topics';
import { streetKey } from '../../shared/enquiries/model';
import type { Random } from './random';

/** A version 4 UUID from the seeded generator, so a trial's data replays from its seed. */
export function seededUuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => random.int(0, 15).toString(16));
  hex[12] = '4';
  hex[16] = ((random.int(0, 15) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export interface BacklogOptions {
  readonly count: number;
  readonly random: Random;
  /** Share of the enquiries that staff then move on (a second outbox row, version 2). Default 0. */
  readonly changedShare?: number;
  /** createdAt of the first enquiry; the others follow a second apart. */
  readonly start?: Date;
}

/**
 * Adds `count` enquiries to the configured kiosk database at `databasePath` (its unit and device
 * code come from setup). Returns each enquiry's id and its latest version, in creation order.
 */
export function addBacklog(databasePath: string, options: BacklogOptions): Map<string, number> {
  const db = openDatabase(databasePath);
  try {
    const settings = readSettings(db);
    const unitId = String(settings['unitId']);
    const deviceCode = String(settings['deviceCode']);
    const unit = findUnit(db, unitId);
    if (!unit) throw new Error(`kiosk at ${databasePath} is not set up (unit ${unitId})`);
    const start = (options.start ?? new Date('2026-03-02T09:00:00Z')).getTime();
    const { random } = options;
    const versions = new Map<string, number>();
    db.transaction(() => {
      for (let i = 0; i < options.count; i++) {
        const topic = random.pick(TOPICS);
        const location = `${random.int(1, 200)} ${random.pick(['Church', 'Mill', 'Station', 'Heath', 'Forge'])} ${random.pick(['Street', 'Road', 'Lane'])}`;
        const createdAt = new Date(start + i * 1000).toISOString();
        const { id } = createEnquiry(
          db,
          {
            id: seededUuid(random),
            unitId: unit.id,
            unitCode: unit.code,
            forumId: unit.forum.id,
            deviceCode,
            topicId: topic.id,
            body: topic.bodies[0] ?? 'district',
            summary: `Enquiry ${i} about ${topic.id}`,
            details: random.chance(0.3) ? 'x'.repeat(random.int(1, 400)) : '',
            location,
            streetKey: streetKey(location),
            channel: random.pick(['kiosk', 'desk', 'phone'] as const),
            status: 'new',
            language: null,
            contact: null,
            createdAt,
          },
          { id: null, name: null },
        );
        versions.set(id, 1);
        if (random.chance(options.changedShare ?? 0)) {
          changeStatus(db, { id, version: 1, status: 'for-forum', outcome: '', note: '' }, { id: null, name: 'Desk' }, createdAt);
          versions.set(id, 2);
        }
      }
    })();
    return versions;
  } finally {
    db.close();
  }
}

/** Points a kiosk database at a hub, before its backend opens it (the backend caches settings). */
export function pointAtHub(databasePath: string, hubUrl: string, hubToken: string): void {
  const db = openDatabase(databasePath);
  try {
    writeSettings(db, { hubUrl, hubToken });
  } finally {
    db.close();
  }
}
