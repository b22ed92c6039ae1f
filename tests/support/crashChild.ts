/**
 * The victim of the crash-safety test (tests/integration/crash-safety.test.ts): a kiosk backend in
 * a process of its own, saving enquiries one after another until it is killed with SIGKILL.
 *
 * Usage: crashChild.ts --data <folder> --seed <n>
 *
 * It talks to the parent in whole lines on stdout, each written only after what it reports happened:
 *   BOOT                  about to open the backend (the parent's clock for early kills starts here)
 *   OPEN                  the backend is open: migrated, seeded, and (if the folder was empty) set up
 *   SEND <json>           about to save this input (so an unacknowledged save that did land is known)
 *   ACK <ref> <id> <json> the backend's call returned success for that input: the save is acknowledged
 * Nothing is ever printed before the call it reports has returned, so an ACK line is a promise that
 * the enquiry is on disk; the parent holds the backend to it after the kill.
 */
import { parseArgs } from 'node:util';
import { createBackend, type Backend } from '../../electron/backend/backend';
import type { ChannelName, InputOf, ValueOf } from '../../shared/ipc/contract';
import type { LogEnquiryInput, RaiseIssueInput } from '../../shared/enquiries/model';
import { ADMIN, RUGELEY_SETUP } from './kiosk';
import { Random } from './random';

/** What was sent, as the parent checks it against the stored row. */
export type CrashSave =
  | { readonly kind: 'raise'; readonly input: RaiseIssueInput }
  | { readonly kind: 'log'; readonly input: LogEnquiryInput };

const KIOSK = 'kiosk-screen';
const DESK = 'desk-screen';

// Texts that go through the schemas' cleaning unchanged (no control characters, no edge spaces), so
// the stored text must equal the sent text byte for byte: Welsh, Polish, Romanian, Punjabi, Urdu,
// Chinese, an emoji outside the BMP, a combining accent (not normalised), quotes and a backslash.
const SUMMARIES = [
  'Deep pothole by the bus stop',
  'Twll dwfn ger yr arhosfan bws — peryglus i feiciau',
  'Dziura w jezdni przy przystanku, ślisko i głęboko',
  'Gunoiul nu a fost ridicat de trei săptămâni',
  'ਸੜਕ ਤੇ ਵੱਡਾ ਟੋਆ ਹੈ',
  'سڑک پر گہرا گڑھا ہے، بس اسٹاپ کے پاس',
  '公交车站旁边的路面有个深坑',
  'Fly-tipping again 🛋️🗑️ behind the shops',
  'Cafe\u0301 bins overflowing, “every” week',
  'Graffiti says \\o/ on the underpass; 50% covered',
];
const LOCATIONS = ['12 Church Street', 'Heol yr Eglwys, Rhif 3', 'ul. Długa 7', 'Elmore Park', 'Mill Lane', 'Brereton Road, flat 4b', 'Ffordd Ŵyn'];
const DETAILS = ['', 'Second time this month.\nPlease ring before 5pm.', 'Zgłaszam ponownie.\n\nDziękuję!', 'ਧੰਨਵਾਦ — 👍', 'Line one\nLine two\nLine three'];
const TOPICS = ['roads', 'bin-collection', 'antisocial-behaviour'];
const LANGUAGES = ['en-GB', 'pl', 'ro', 'pa', 'ur'] as const;

/** The `index`-th save of a child started with `random`'s seed: a resident's issue or a staff-logged enquiry. */
function nextSave(random: Random, index: number): CrashSave {
  // A short suffix makes every summary distinct, so a row could not pass for another's.
  const summary = `${random.pick(SUMMARIES)} #${index}`;
  const location = random.pick(LOCATIONS);
  const topicId = random.pick(TOPICS);
  const contact = random.chance(0.3)
    ? { name: random.pick(['Siân Owen', 'Łukasz Wójcik', 'Ana-Maria Ionescu', 'ਹਰਪ੍ਰੀਤ']), phone: '01543 462621', email: random.chance(0.5) ? 'resident@example.org' : '', purpose: 'follow-up' as const }
    : null;
  if (random.chance(0.5)) {
    return { kind: 'raise', input: { topicId, location, summary, contact, language: random.pick(LANGUAGES) } };
  }
  return {
    kind: 'log',
    input: {
      channel: random.pick(['desk', 'phone'] as const),
      topicId,
      location,
      summary,
      details: random.pick(DETAILS),
      contact,
      status: random.pick(['new', 'resolved-at-desk', 'referred', 'for-forum'] as const),
    },
  };
}

async function call<C extends ChannelName>(backend: Backend, channel: C, input: InputOf<C>, caller: string): Promise<ValueOf<C>> {
  const result = await backend.dispatch(channel, input, caller);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as ValueOf<C>;
}

/** One whole line; a line cut short by the kill has no newline and the parent ignores it. */
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, seed: { type: 'string' } } });
  if (!values.data || values.seed === undefined) throw new Error('usage: crashChild.ts --data <folder> --seed <n>');
  const random = new Random(Number(values.seed));

  say('BOOT');
  const backend = createBackend({ dataDir: values.data, log: (message, error) => console.error(message, error), sync: { autoStart: false } });
  // An empty folder (the first trial of a chain, or one whose setup was killed) is set up here.
  if (!backend.settings()) await call(backend, 'kiosk:setup', RUGELEY_SETUP, 'setup');
  say('OPEN');

  // The desk signs in (scrypt, ~0.1 s) while the kiosk screen already saves: both screens at work.
  let signedIn = false;
  const signIn = call(backend, 'auth:signIn', { username: ADMIN.username, pin: ADMIN.pin }, DESK).then(() => {
    signedIn = true;
  });
  signIn.catch(() => {});

  for (let index = 0; ; index++) {
    let save = nextSave(random, index);
    if (save.kind === 'log' && !signedIn) save = { kind: 'raise', input: { topicId: save.input.topicId, location: save.input.location, summary: save.input.summary, contact: save.input.contact } };
    say(`SEND ${JSON.stringify(save)}`);
    const receipt =
      save.kind === 'raise' ? await call(backend, 'enquiries:raise', save.input, KIOSK) : await call(backend, 'enquiries:log', save.input, DESK);
    say(`ACK ${receipt.reference} ${receipt.id} ${JSON.stringify(save)}`);
    // Surface a failed sign-in rather than raising issues for ever.
    if (index === 200 && !signedIn) await signIn;
    // Back to the event loop between saves, as calls from screens arrive: lets the sign-in finish
    // and stdout drain, and keeps the saves from being one long synchronous run.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
