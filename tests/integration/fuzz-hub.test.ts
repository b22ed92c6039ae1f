import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_ROUTES, HubFuzz, fuzzSettings, hubRequestArbitrary, runProperty, seedFor } from '../support/fuzz';

// Property-based fuzzing of every hub route (issue 8; the arbitraries and the oracle are in
// support/fuzz.ts, shared with bench/fuzz.ts): a real hub on 127.0.0.1 over a real SQLite file,
// requests over real HTTP with valid-ish and mutated push bodies, raw non-JSON bodies, odd query
// strings and path parameters, and missing, garbage, revoked and other units' tokens. For every
// request: never 5xx; every 4xx in the documented JSON error shape with a message; every 200 in its
// documented shape (a push: one result per change, in order, a reason for each rejection); nothing
// written by a refusal, by a read, or by a push none of whose changes applied. FUZZ_RUNS sets the
// runs per route (default 200), FUZZ_SEED replays a run.
const settings = fuzzSettings(200);
let hub: HubFuzz;

beforeAll(async () => {
  hub = await HubFuzz.open();
}, 60_000);
afterAll(async () => {
  await hub?.close();
});

it("the write detectors see a push that applies, and nothing for a read", async () => {
  expect(await hub.writeDetectorWorks()).toBe(true);
});

describe(`fuzzing the hub's routes (FUZZ_SEED=${settings.seed}, FUZZ_RUNS=${settings.runs})`, () => {
  for (const route of HUB_ROUTES) {
    it(`${route}: never 5xx, errors in the documented shape, nothing written by a refusal`, async () => {
      const report = await runProperty(route, hubRequestArbitrary(route), (request) => hub.request(request), { seed: seedFor(settings, `hub ${route}`), runs: settings.runs });
      if (report.failure) expect.fail(report.failure);
      // The generator must get past authentication and validation too, or the property proves little.
      expect(report.tally.accepted, `${route}: ${report.tally.summary()}`).toBeGreaterThan(0);
    });
  }

  it('the hub still works afterwards: health, a push, a pull', async () => {
    await hub.healthy();
  });
});
