/**
 * `npm run restore -- --data DIR [--from FILE] [--no-salvage] [--list] [--force]`: puts a backup in
 * place of the kiosk's database while the app is closed (README, "Backups and restore").
 * Exit codes: 0 restored (or listed), 1 the restore failed and nothing was changed, 2 usage.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkBackup, listBackups } from './backups';
import { restoreBackup, RestoreError } from './restore';
import { runningElsewhere } from './runLock';
import { databaseKeyFrom, developmentKey, DEVELOPMENT_KEY_FILE } from './databaseKey';
import { existsSync } from 'node:fs';

const usage =
  'Usage: npm run restore -- --data DIR [--from BACKUP_FILE] [--no-salvage] [--list] [--force] [--key-file FILE]\n' +
  '(an encrypted database needs its key: --key-file FILE, ONESTOP_DB_KEY, ONESTOP_DB_KEY_FILE, or a browser host\'s DIR/database.key)';

function main(): number {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        data: { type: 'string' },
        from: { type: 'string' },
        'no-salvage': { type: 'boolean', default: false },
        list: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        'key-file': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    console.error(usage);
    return 2;
  }
  if (!values.data) {
    console.error(usage);
    return 2;
  }
  const dataDir = resolve(values.data);
  let key: string | null;
  try {
    key = databaseKeyFrom(process.env, values['key-file']);
    // A browser host's data folder keeps its development key beside the data.
    if (!key && existsSync(join(dataDir, DEVELOPMENT_KEY_FILE))) key = developmentKey(dataDir).key;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }

  if (values.list) {
    const backups = listBackups(dataDir).map((backup) => ({ ...backup, check: checkBackup(backup.path, key) }));
    if (values.json) console.log(JSON.stringify(backups, null, 2));
    else if (backups.length === 0) console.log(`No backups in ${dataDir}/backups.`);
    else for (const b of backups) console.log(`${b.takenAt}  ${b.bytes} bytes  ${b.check.ok ? 'checked ok' : `DAMAGED: ${b.check.problem}`}  ${b.path}`);
    return 0;
  }

  const running = runningElsewhere(dataDir);
  if (running !== null && !values.force) {
    console.error(`The onestop app (process ${running}) has this data folder open. Close it first, then run the restore again.`);
    return 1;
  }
  try {
    const report = restoreBackup({ dataDir, ...(values.from !== undefined && { from: resolve(values.from) }), salvage: !values['no-salvage'], key });
    if (values.json) {
      console.log(JSON.stringify(report, null, 2));
      return 0;
    }
    console.log(`Restored the backup ${report.backup.path}${report.backup.takenAt ? ` (taken at ${report.backup.takenAt})` : ''}.`);
    if (report.keptAs) console.log(`The database it replaced is kept, unchanged, in ${report.keptAs}.`);
    if (report.salvaged === null && report.keptAs) console.log('The replaced database could not be opened, so nothing was copied back from it.');
    if (report.salvaged) {
      const rows = report.salvaged.reduce((sum, table) => sum + table.rows, 0);
      const damaged = report.salvaged.filter((table) => table.unreadable > 0);
      console.log(`Copied back ${rows} rows from the replaced database.`);
      for (const table of damaged) console.log(`  ${table.table}: ${table.unreadable} rows could not be read.`);
    }
    console.log(`Enquiries: ${report.enquiries.inBackup} in the backup, ${report.enquiries.afterRestore} after the restore.`);
    if (report.referencesSkipped > 0) {
      console.log(`New references skip ${report.referencesSkipped} numbers, so none repeats one the hub may already hold.`);
    }
    return 0;
  } catch (error) {
    if (error instanceof RestoreError) {
      console.error(`${error.message} Nothing was changed.`);
      return 1;
    }
    console.error(`The restore failed and nothing was changed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exitCode = main();
