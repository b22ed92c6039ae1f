import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CHANNEL_NAMES } from '../../shared/ipc/contract';
import { FUZZ_ROLES, IpcFuzzKiosk, fuzzSettings, ipcCallArbitrary, runProperty, runsFor, seedFor, unknownChannel } from '../support/fuzz';

// Property-based fuzzing of every IPC channel (issue 8; the arbitraries and the oracle are in
// support/fuzz.ts, shared with bench/fuzz.ts): valid-ish and hostile inputs, as every role, through
// `dispatch` on a real backend over a real SQLite file. For every call: no throw, no `internal`, a
// refusal only with an error code (and field codes) that en-GB translates and a message, and a
// refusal writes nothing (PRAGMA data_version; for sign-in, only the lockout counter). FUZZ_RUNS
// sets the runs per channel (default 200; channels that hash a PIN get a tenth), FUZZ_SEED replays
// a run (the same seed replays the whole file: the channels share one kiosk, in order).
const settings = fuzzSettings(200);
let kiosk: IpcFuzzKiosk;

beforeAll(async () => {
  kiosk = await IpcFuzzKiosk.open();
}, 60_000);
afterAll(() => kiosk?.close());

it('the partial-write detector sees a write the backend commits, and none for a read', async () => {
  expect(await kiosk.writeDetectorWorks()).toBe(true);
});

describe(`fuzzing the IPC channels (FUZZ_SEED=${settings.seed}, FUZZ_RUNS=${settings.runs})`, () => {
  for (const channel of CHANNEL_NAMES) {
    it(`${channel}: never throws, never "internal", refuses in translated codes and writes nothing when it refuses`, async () => {
      const report = await runProperty(channel, ipcCallArbitrary(kiosk.world, channel), (call) => kiosk.call(call.role, call.channel, call.input), {
        seed: seedFor(settings, channel),
        runs: runsFor(channel, settings.runs),
      });
      if (report.failure) expect.fail(report.failure);
      // The generator must reach the handlers, not only the schema and role checks: a property over
      // refused inputs alone would pass whatever the handlers did.
      expect(report.tally.accepted, `${channel}: ${report.tally.summary()}`).toBeGreaterThan(0);
    });
  }

  it('an unknown channel name, of any type, is refused as channel/unknown for every role', async () => {
    const arbitrary = fc.record({ role: fc.constantFrom(...FUZZ_ROLES), channel: unknownChannel, input: fc.anything() });
    const report = await runProperty('unknown channels', arbitrary, (call) => kiosk.call(call.role, call.channel, call.input), {
      seed: seedFor(settings, 'unknown channels'),
      runs: settings.runs,
    });
    if (report.failure) expect.fail(report.failure);
    expect([...report.tally.codes.keys()]).toEqual(['channel/unknown']);
  });

  it('the kiosk still works afterwards: status, search, raising an issue, the staff list', async () => {
    await kiosk.healthy();
  });
});
