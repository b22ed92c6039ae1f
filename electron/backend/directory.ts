import { findTopic, topicsInGroup, type Body, type TopicGroup, type UrgentLine } from '../../shared/directory/topics';
import { openingStatus, weeklyHours, londonWallClock, type OpeningSchedule, type OpeningStatus } from '../../shared/directory/openingHours';
import type { DayHours, DirectoryInfo, DirectorySearchResult, LocationView, OpeningView, ServiceDetail, ServiceSummary } from '../../shared/directory/views';
import type { ImportReport } from '../../shared/directory/importReport';
import { ORUK_TOPIC_TAXONOMY } from '../../shared/directory/oruk';
import { AppFailure } from '../../shared/ipc/result';
import {
  countServices,
  exportOrukCsv,
  exportOrukJson,
  importOrukCsv,
  importOrukJson,
  readServices,
  readSettings,
  writeSettings,
  type Database,
} from '../../db';
import { listServiceSummaries, type ServiceSummaryRow } from '../../db/directoryViews';
import { SearchVocabulary, searchServices } from '../../db/directorySearch';
import sampleDirectory from '../../assets/directory/sample-directory.json' with { type: 'json' };
import bankHolidayFile from '../../assets/config/bank-holidays.json' with { type: 'json' };

const BANK_HOLIDAYS: readonly string[] = bankHolidayFile.dates.map((d) => d.date);
const SAMPLE_SETTING = 'directorySample';
const SEEDED_SETTING = 'directorySeeded';
const SHORT_DESCRIPTION = 180;

function shorten(text: string): string {
  if (text.length <= SHORT_DESCRIPTION) return text;
  const cut = text.slice(0, SHORT_DESCRIPTION);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 120))}…`;
}

function summaryOf(row: ServiceSummaryRow): ServiceSummary {
  return { ...row, description: shorten(row.description) };
}

function openingView(status: OpeningStatus): OpeningView {
  switch (status.state) {
    case 'always-open':
      return { state: 'always-open' };
    case 'open':
      return { state: 'open', closesAt: status.closesAt.toISOString() };
    case 'closed':
      return { state: 'closed', opensAt: status.opensAt?.toISOString() ?? null, reason: status.reason };
  }
}

/**
 * The services directory as the screens need it: search as you type, browsing, one service's
 * details with its opening times computed offline, and import/export for staff.
 */
export class Directory {
  private vocabulary: SearchVocabulary | null = null;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  /** Loads the bundled sample directory into a new kiosk, once. A kiosk that has had services keeps its own. */
  seedSampleIfNew(): void {
    const settings = readSettings(this.db);
    if (settings[SEEDED_SETTING] === true) return;
    if (countServices(this.db) === 0) {
      const report = importOrukJson(this.db, JSON.stringify(sampleDirectory), { fileName: 'sample-directory.json' });
      if (!report.ok) throw new Error(`The bundled sample directory is invalid: ${JSON.stringify(report.errors.slice(0, 3))}`);
      writeSettings(this.db, { [SEEDED_SETTING]: true, [SAMPLE_SETTING]: true });
    } else {
      writeSettings(this.db, { [SEEDED_SETTING]: true });
    }
  }

  info(): DirectoryInfo {
    return { services: countServices(this.db), sample: readSettings(this.db)[SAMPLE_SETTING] === true };
  }

  search(query: string, language?: string): DirectorySearchResult {
    this.vocabulary ??= SearchVocabulary.load(this.db);
    const result = searchServices(this.db, this.vocabulary, query, 20);
    const summaries = listServiceSummaries(this.db, { ids: result.hits.map((h) => h.serviceId) }, language);
    return { hits: summaries.map(summaryOf), topicIds: result.topics.map((t) => t.id) };
  }

  browse(filter: { group?: TopicGroup | undefined; topic?: string | undefined; body?: Body | undefined; language?: string | undefined }): ServiceSummary[] {
    const topicIds = filter.topic ? [filter.topic] : filter.group ? topicsInGroup(filter.group).map((t) => t.id) : undefined;
    const rows = listServiceSummaries(this.db, { ...(topicIds ? { topicIds } : {}), ...(filter.body ? { body: filter.body } : {}) }, filter.language);
    // The body that deals with a topic comes first: a resident should see the right door before the others.
    const leads = new Set(topicIds?.map((id) => findTopic(id)?.bodies[0]));
    return rows.sort((a, b) => Number(leads.has(b.body)) - Number(leads.has(a.body))).map(summaryOf);
  }

  detail(id: string, shopLocationId: string | null, language = 'en-GB'): ServiceDetail {
    const service = readServices(this.db, [id])[0];
    if (!service || service.status === 'defunct' || service.status === 'inactive') {
      throw new AppFailure({ code: 'directory/not-found', message: `No service with id ${id}.` });
    }
    // The record read above has everything the summary needs: no second query.
    const topicIds = service.attributes
      .filter((a) => a.taxonomy_term.taxonomy === ORUK_TOPIC_TAXONOMY)
      .map((a) => a.taxonomy_term.code ?? a.taxonomy_term.id);
    // Translated fields where the directory has them for this language; English for the rest.
    const translated = service.x_onestop_translations?.[language as keyof NonNullable<typeof service.x_onestop_translations>] ?? {};
    const at = this.now();
    const openOnBankHolidays = service.x_onestop_bank_holidays === 'open';
    const hours = (schedules: readonly OpeningSchedule[]) => ({
      opening: openingView(openingStatus({ schedules, bankHolidays: BANK_HOLIDAYS, openOnBankHolidays, at })),
      week: weeklyHours({ schedules, bankHolidays: BANK_HOLIDAYS, openOnBankHolidays, from: londonWallClock(at).date }) as DayHours[],
    });
    // A service with hours only per place is open when any of its places is.
    const serviceSchedules: readonly OpeningSchedule[] =
      service.schedules.length > 0 ? service.schedules : service.service_at_locations.flatMap((sal) => sal.schedules);
    const serviceHours = hours(serviceSchedules);
    const locations: LocationView[] = service.service_at_locations.map((sal) => {
      const place = sal.location;
      const address = place.addresses[0];
      const own = sal.schedules.length > 0 && service.schedules.length === 0 ? hours(sal.schedules) : null;
      return {
        id: place.id,
        name: place.name,
        addressLines: address ? [address.address_1, address.address_2, address.city].filter((l): l is string => Boolean(l)) : [],
        postalCode: address?.postal_code ?? null,
        transportation: place.transportation ?? null,
        phones: place.phones.map((p) => ({ number: p.number, description: p.description ?? null })),
        opening: own?.opening ?? null,
        week: own?.week ?? null,
        isThisShop: place.id === shopLocationId,
      };
    });
    locations.sort((a, b) => Number(b.isThisShop) - Number(a.isThisShop));
    const urgent = new Set<UrgentLine>(topicIds.flatMap((t) => findTopic(t)?.urgent ?? []));
    return {
      id: service.id,
      name: translated.name ?? service.name,
      organizationName: service.organization.name,
      body: service.organization.x_onestop_body,
      topicIds,
      status: service.status,
      contentLanguage: translated.name ? language : 'en-GB',
      description: translated.description ?? service.description,
      url: service.url ?? null,
      email: service.email ?? null,
      phones: service.phones.map((p) => ({ number: p.number, description: p.description ?? null })),
      feesDescription: translated.fees_description ?? service.fees_description ?? null,
      eligibilityDescription: translated.eligibility_description ?? service.eligibility_description ?? null,
      minimumAge: service.minimum_age ?? null,
      maximumAge: service.maximum_age ?? null,
      languages: service.languages.map((l) => l.name),
      areas: service.service_areas.map((a) => a.name),
      locations,
      opening: serviceHours.opening,
      week: serviceHours.week,
      assuredDate: service.assured_date,
      urgent: ['999', '101', '111'].filter((line): line is UrgentLine => urgent.has(line as UrgentLine)),
    };
  }

  import(input: { format: 'json'; fileName: string; content: string } | { format: 'csv'; files: Readonly<Record<string, string>> }): ImportReport {
    const report =
      input.format === 'json'
        ? importOrukJson(this.db, input.content, { fileName: input.fileName })
        : importOrukCsv(this.db, input.files);
    if (report.ok) {
      writeSettings(this.db, { [SAMPLE_SETTING]: false });
      this.vocabulary = null;
    }
    return report;
  }

  /** The hub's sync imported services: the directory is no longer the sample, and search must re-read its words. */
  importedFromHub(): void {
    writeSettings(this.db, { [SAMPLE_SETTING]: false });
    this.vocabulary = null;
  }

  export(format: 'json' | 'csv'): { name: string; content: string }[] {
    if (format === 'json') return [{ name: 'onestop-directory.json', content: exportOrukJson(this.db) }];
    return Object.entries(exportOrukCsv(this.db)).map(([name, content]) => ({ name, content }));
  }
}
