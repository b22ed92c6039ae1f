import type { Database } from '../../db';
import { applyRetention, lastRetentionRun, planRetention } from '../../db/retention';
import type { EditableSettings } from '../../shared/domain/settings';
import { retentionCutoffs, type RetentionPeriods, type RetentionRunReport } from '../../shared/enquiries/retention';

/** How often the job looks whether a run is due; a run is due once a day. */
const CHECK_EVERY_MS = 3600_000;
/** The first look after start: soon enough that a kiosk restarted every night still runs, late enough not to slow its start. */
const FIRST_CHECK_MS = 5 * 60_000;
const RUN_EVERY_MS = 24 * 3600_000;

export interface RetentionSchedulerOptions {
  readonly db: Database;
  readonly now: () => Date;
  readonly settings: () => EditableSettings;
  readonly log: (message: string, error: unknown) => void;
}

export function retentionPeriodsOf(settings: EditableSettings): RetentionPeriods {
  return {
    contactMonths: settings.retentionContactMonths,
    enquiryYears: settings.retentionEnquiryYears,
    readAuditYears: settings.retentionReadAuditYears,
  };
}

/**
 * The kiosk's retention job (README, "Retention"): looks every hour, runs once a day (the last run
 * is read from `retention_log`, so a restart does not run it again early), with the periods the
 * administrator set. Never started on a read-only copy of the database.
 */
export class RetentionScheduler {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: RetentionSchedulerOptions) {}

  start(): void {
    if (this.timer) return;
    const check = () => {
      try {
        this.runIfDue();
      } catch (error) {
        this.options.log('The retention job failed', error);
      }
    };
    this.timer = setTimeout(() => {
      check();
      this.timer = setInterval(check, CHECK_EVERY_MS);
      this.timer.unref();
    }, FIRST_CHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Runs when the last run is a day old or there has been none; the report, or null when none was due. */
  runIfDue(): RetentionRunReport | null {
    const last = lastRetentionRun(this.options.db);
    if (last && Date.parse(last.at) + RUN_EVERY_MS > this.options.now().getTime()) return null;
    return this.runNow();
  }

  /** Removes what is due now, logging it in `retention_log`. */
  runNow(): RetentionRunReport {
    const now = this.options.now();
    return applyRetention(this.options.db, retentionCutoffs(now, retentionPeriodsOf(this.options.settings())), now.toISOString());
  }

  /** What a run now would remove, changing nothing. */
  plan(): ReturnType<typeof planRetention> {
    return planRetention(this.options.db, retentionCutoffs(this.options.now(), retentionPeriodsOf(this.options.settings())));
  }
}
