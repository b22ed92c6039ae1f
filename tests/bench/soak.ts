/**
 * The soak, at length: four kiosks and a hub for a set time with faults injected (proxy faults,
 * network outages, the hub killed and restarted, kiosks closed and killed), then a reconciliation
 * of every kiosk's enquiries against the hub's store (tests/support/soak.ts has the details).
 *
 *   npm run bench:soak                                  5 minutes, seed 1, hub on SQLite
 *   npm run bench:soak -- --minutes 30 --seed 7 --store postgres
 *
 * Options may also come from the environment: SOAK_MINUTES, SOAK_SEED, SOAK_STORE, SOAK_RATE (saves
 * a second at each kiosk, default 2). `--quiet` leaves out the line per event. Exits 1 unless the
 * reconciliation is clean: nothing missing, nothing duplicated, nothing waiting.
 */
import { parseArgs } from 'node:util';
import { formatReport, runSoak, type SoakStore } from '../support/soak';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: process.env['SOAK_MINUTES'] ?? '5' },
    seed: { type: 'string', default: process.env['SOAK_SEED'] ?? '1' },
    store: { type: 'string', default: process.env['SOAK_STORE'] ?? 'sqlite' },
    rate: { type: 'string', default: process.env['SOAK_RATE'] ?? '2' },
    quiet: { type: 'boolean', default: false },
  },
});
const minutes = Number(values.minutes);
const seed = Number(values.seed);
const rate = Number(values.rate);
const store = values.store as SoakStore;
if (!(minutes > 0) || !Number.isInteger(seed) || !(rate > 0) || (store !== 'sqlite' && store !== 'postgres')) {
  console.error('usage: npm run bench:soak -- [--minutes M] [--seed N] [--store sqlite|postgres] [--rate SAVES_A_SECOND] [--quiet]');
  process.exit(2);
}

const result = await runSoak({
  durationMs: minutes * 60_000,
  seed,
  store,
  savesPerSecond: rate,
  log: values.quiet ? undefined : (line) => console.log(line),
});
console.log('');
console.log(formatReport(result));
console.log(`replay the plan: npm run bench:soak -- --minutes ${minutes} --seed ${seed} --store ${store} --rate ${rate}`);
process.exit(result.clean ? 0 : 1);
