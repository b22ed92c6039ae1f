/**
 * The soak, short: the same engine as `npm run bench:soak` (tests/support/soak.ts), for about 20
 * seconds with a fixed seed and events close together, so that every kind of fault happens: proxy
 * resets, requests cut mid-way, answers lost after the hub committed, requests sent twice and held
 * ones; outages of one line and of every line; the hub killed with SIGKILL and restarted on its
 * data; a kiosk closed and reopened, and one killed with SIGKILL and reopened. Afterwards every
 * enquiry every kiosk created (and every save it acknowledged) is on the hub exactly once at its
 * last version, every version once in the hub's log, each kiosk holds its unit's other kiosks'
 * enquiries, and nothing waits. SOAK_CI_SEED=n tries another seed.
 */
import { expect, it } from 'vitest';
import { formatReport, runSoak } from '../support/soak';

const SEED = Number(process.env['SOAK_CI_SEED'] ?? 20261124);

it(`seed ${SEED}: four kiosks and a hub through 20 s of faults lose nothing and double nothing`, async () => {
  const result = await runSoak({
    durationMs: 20_000,
    seed: SEED,
    savesPerSecond: 4,
    eventGapMs: [900, 1800],
    faultLengthMs: [500, 2500],
    downMs: [200, 800],
    syncIntervalMs: 500,
    syncTimeoutMs: 2000,
    drainMs: 60_000,
    // Busier lines than the bench's between storms, so each kind of proxy fault happens in 20 s.
    calmFaults: { reset: 0.03, dropMidRequest: 0.03, responseLost: 0.04, duplicate: 0.04, delay: 0.1, delayMs: [0, 100] },
  });
  const report = formatReport(result);
  console.log(report);
  const context = `seed ${SEED} (replay: SOAK_CI_SEED=${SEED})\n${report}`;
  expect(result.incidents, context).toEqual([]);
  for (const kiosk of result.kiosks) {
    expect(kiosk.created, `${kiosk.name} saved enquiries; ${context}`).toBeGreaterThan(0);
    expect(
      { missing: kiosk.missing, duplicated: kiosk.duplicated, versionProblems: kiosk.versionProblems, copyProblems: kiosk.copyProblems, outbox: kiosk.outboxWaiting, integrity: kiosk.integrity },
      `${kiosk.name}; ${context}`,
    ).toEqual({ missing: 0, duplicated: 0, versionProblems: 0, copyProblems: 0, outbox: 0, integrity: 'ok' });
    expect(kiosk.onHub, `${kiosk.name}; ${context}`).toBe(kiosk.created);
  }
  expect(result.total, context).toMatchObject({ missing: 0, duplicated: 0, strangers: 0, versionProblems: 0, copyProblems: 0, pullLogTwice: 0, outboxWaiting: 0, rejected: 0 });
  expect(result.total.hubEnquiries, context).toBe(result.total.created);
  // Enquiries were moved on while the faults ran: the hub's log holds later versions too.
  expect(result.byVersion.get(2) ?? 0, context).toBeGreaterThan(0);
  // Every kind of fault actually happened.
  const fired = {
    reset: result.proxy.reset,
    dropMidRequest: result.proxy.dropMidRequest,
    responseLost: result.proxy.responseLost,
    duplicate: result.proxy.duplicate,
    delayed: result.proxy.delayed,
    outageOne: result.injected['outage-one'],
    outageAll: result.injected['outage-all'],
    outageRequests: result.injected.outageRequests,
    storms: result.injected.storm,
    hubKills: result.injected['hub-kill'],
    hubRestarts: result.restarts.hub,
    kioskCloses: result.injected['kiosk-restart'],
    kioskKills: result.injected['kiosk-kill'],
  };
  for (const [kind, count] of Object.entries(fired)) expect(count, `${kind} never happened; ${context}`).toBeGreaterThan(0);
  expect(result.clean, context).toBe(true);
}, 180_000);
