import { createBackend } from '../../electron/backend/backend';
import type { ChannelName, InputOf, SetupInput, ValueOf } from '../../shared/ipc/contract';
import { ADMIN, CHAIR, RUGELEY_SETUP, addStaff, configuredDataDir } from './kiosk';

/** One issue a resident raises, `daysAgo` days before now (at 09:30 London-ish, UTC). */
export interface SeedIssue {
  readonly daysAgo: number;
  readonly topicId: string;
  readonly location: string;
  readonly summary: string;
}

/** Potholes on one street (five residents), lights, bins and a noise complaint with a name in it: what a forum sees. */
export const FORUM_ISSUES: readonly SeedIssue[] = [
  { daysAgo: 20, topicId: 'roads', location: '12 Church Street', summary: 'Deep pothole by the school gate' },
  { daysAgo: 18, topicId: 'roads', location: 'Church St.', summary: 'Pothole outside the church, car tyre burst' },
  { daysAgo: 15, topicId: 'roads', location: 'church street', summary: 'Potholes all along the road' },
  { daysAgo: 9, topicId: 'roads', location: '40 Church Street', summary: 'The pothole is getting bigger' },
  { daysAgo: 4, topicId: 'roads', location: 'Church Street, Rugeley', summary: 'Pothole near the bus stop' },
  { daysAgo: 17, topicId: 'street-lights', location: 'Elmore Lane', summary: 'Street light out for two weeks' },
  { daysAgo: 12, topicId: 'street-lights', location: 'Elmore Lane', summary: 'Lamp post flickering all night' },
  { daysAgo: 14, topicId: 'bin-collection', location: 'Horse Fair', summary: 'Bins missed again this week' },
  { daysAgo: 6, topicId: 'fly-tipping', location: 'Brereton Road', summary: 'Mattress dumped by the footpath' },
  { daysAgo: 3, topicId: 'noise', location: 'Market Street', summary: 'John Smith plays loud music every night, call 07700 900123' },
];

export interface ForumSeedOptions {
  readonly issues?: readonly SeedIssue[];
  /** The forum's last meeting (a month ago) and its next (in twelve days); both by default. */
  readonly meetings?: { readonly last: boolean; readonly next: boolean };
  /** The database key, when the kiosk's file is encrypted (an end-to-end kiosk's, say). */
  readonly key?: string | null;
}

/**
 * Adds to a configured kiosk in `dataDir` (its backend closed meanwhile) the staffed template's
 * chair, meetings of the Rugeley forum and these issues, raised at the touchscreen over the last
 * weeks. Everything but the chair's account goes through the backend's own channels, as the
 * screens would. For the forum's end-to-end test and for screenshots.
 */
export async function seedForum(dataDir: string, options: ForumSeedOptions = {}): Promise<{ references: string[] }> {
  let clock = Date.now();
  const backend = createBackend({ dataDir, now: () => new Date(clock), log: () => {}, sync: { autoStart: false }, key: options.key ?? null });
  async function call<C extends ChannelName>(channel: C, input: InputOf<C>, caller: string): Promise<ValueOf<C>> {
    const result = await backend.dispatch(channel, input, caller);
    if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
    return result.value as ValueOf<C>;
  }
  try {
    await addStaff(backend.databasePath, CHAIR.username, CHAIR.pin, 'chair', 'rugeley', options.key ?? null);
    const today = Date.now();
    const day = (offset: number) => new Date(today + offset * 86_400_000).toISOString().slice(0, 10);
    const { last = true, next = true } = options.meetings ?? {};
    await call('auth:signIn', ADMIN, 'seed');
    if (last) await call('forums:saveMeeting', { forumId: 'rugeley', date: day(-30), startsAt: '18:30', place: 'Rugeley Town Hall', cancelled: false }, 'seed');
    if (next) await call('forums:saveMeeting', { forumId: 'rugeley', date: day(12), startsAt: '18:30', place: 'Rugeley Library, meeting room 1', cancelled: false }, 'seed');
    const references: string[] = [];
    for (const issue of options.issues ?? FORUM_ISSUES) {
      clock = today - issue.daysAgo * 86_400_000;
      const receipt = await call('enquiries:raise', { topicId: issue.topicId, location: issue.location, summary: issue.summary, contact: null }, 'resident');
      references.push(receipt.reference);
    }
    return { references };
  } finally {
    backend.close();
  }
}

/** A kiosk set up with `setup` (Rugeley's touchscreen by default), then seeded as `seedForum` does. */
export async function seedForumKiosk(dataDir: string, options: ForumSeedOptions & { setup?: SetupInput } = {}): Promise<{ references: string[] }> {
  await configuredDataDir(dataDir, options.setup ?? RUGELEY_SETUP);
  return seedForum(dataDir, options);
}
