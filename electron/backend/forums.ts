import { randomUUID } from 'node:crypto';
import { londonInstant, londonWallClock } from '../../shared/directory/openingHours';
import type { ParsedInputOf } from '../../shared/ipc/contract';
import { AppFailure } from '../../shared/ipc/result';
import type { StaffSession } from '../../shared/domain/staff';
import type { Unit } from '../../shared/domain/units';
import { streetKey } from '../../shared/enquiries/model';
import { addDays, areaOf, byArea, byBody, byTopic, byTopicGroup, defaultPeriod, groupIssues, timeline } from '../../shared/forums/grouping';
import type { AgendaView, ExportFile, ExportReview, ForumIssue, ForumOverview, MeetingView } from '../../shared/forums/model';
import type { ExportInput, ExportSource } from './forumExports';
import {
  agendaItems,
  enquiryForumId,
  enquiryReference,
  forumIssues,
  itemMeetingId,
  listStaff,
  listUnits,
  meetingView,
  meetingViews,
  orderItems,
  recordOutcome,
  removeItem,
  saveItem,
  saveMeeting,
  type Actor,
  type Database,
} from '../../db';

/**
 * The street an issue is on, for counting streets: the first part of the place as typed ("12 Church
 * St., Rugeley" → "church street"), so naming the town or not does not make a second street.
 */
function streetOf(location: string): string {
  return streetKey(location.split(',')[0] ?? '');
}

function actorOf(session: StaffSession | null): Actor {
  return session ? { id: session.staffId, name: session.displayName } : { id: null, name: null };
}

/**
 * The forum's work as the chair's screens use it: meetings, the overview of issues raised, the
 * agenda, outcomes, and exports. A chair works on their own forum only; an administrator on any
 * forum the kiosk knows. Every check of who may touch which forum happens here, in main.
 */
export class Forums {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly assetsDir?: string,
  ) {}

  /** The forum a caller may work on, or a refusal: a chair only their own; the forum must exist. */
  private forum(session: StaffSession | null, forumId: string): { id: string; name: string; units: Unit[] } {
    this.checkForum(session, forumId);
    const units = listUnits(this.db).filter((unit) => unit.forum.id === forumId);
    const first = units[0];
    if (!first) throw new AppFailure({ code: 'input/invalid', message: `No forum "${forumId}".`, fields: { forumId: { code: 'not-found' } } });
    return { id: forumId, name: first.forum.name, units };
  }

  /** The meeting, if the caller may work on its forum. */
  private meeting(session: StaffSession | null, meetingId: string): MeetingView {
    const meeting = meetingView(this.db, meetingId);
    if (!meeting) throw new AppFailure({ code: 'forums/meeting-not-found', message: 'No meeting with that id on this kiosk.' });
    this.forum(session, meeting.forumId);
    return meeting;
  }

  private today(): string {
    return londonWallClock(this.now()).date;
  }

  /** A chair works on their own forum only; other roles on any. */
  private checkForum(session: StaffSession | null, forumId: string): void {
    if (session?.role === 'chair' && session.forumId !== forumId) {
      throw new AppFailure({ code: 'forums/other-forum', message: 'A chair works on their own forum only.' });
    }
  }

  /**
   * A chair may read and change the enquiries of their own forum only (an enquiry's page, its
   * status, a merge). An enquiry this kiosk does not hold is left for the enquiry channel to refuse.
   */
  checkEnquiryForum(session: StaffSession | null, enquiryId: string): void {
    if (session?.role !== 'chair') return;
    const forumId = enquiryForumId(this.db, enquiryId);
    if (forumId !== null) this.checkForum(session, forumId);
  }

  meetings(forumId: string): MeetingView[] {
    return meetingViews(this.db, forumId);
  }

  saveMeeting(input: ParsedInputOf<'forums:saveMeeting'>, session: StaffSession | null): MeetingView {
    this.forum(session, input.forumId);
    if (input.id !== undefined && input.version === undefined) {
      throw new AppFailure({ code: 'input/invalid', message: 'Changing a meeting needs the version seen.', fields: { version: { code: 'required' } } });
    }
    return saveMeeting(
      this.db,
      {
        id: input.id ?? randomUUID(),
        version: input.version ?? null,
        forumId: input.forumId,
        date: input.date,
        startsAt: input.startsAt,
        place: input.place === '' ? null : input.place,
        cancelled: input.cancelled,
      },
      this.now().toISOString(),
    );
  }

  private issuesIn(forum: { id: string; units: Unit[] }, from: string, to: string): ForumIssue[] {
    const areas = forum.units.flatMap((unit) => unit.areas);
    const rows = forumIssues(this.db, forum.id, londonInstant(from, 0).toISOString(), londonInstant(addDays(to, 1), 0).toISOString());
    return rows.map((row) => ({ ...row, street: streetOf(row.location), area: areaOf(row.location, areas) }));
  }

  overview(input: ParsedInputOf<'forums:overview'>, session: StaffSession | null): ForumOverview {
    const forum = this.forum(session, input.forumId);
    const period = defaultPeriod(meetingViews(this.db, forum.id), this.today());
    const from = input.from ?? period.from;
    const to = input.to ?? period.to;
    const issues = this.issuesIn(forum, from, to);
    return {
      forumId: forum.id,
      forumName: forum.name,
      from,
      to,
      sinceLastMeeting: input.from === undefined && period.lastMeeting !== null && from === period.lastMeeting.date,
      lastMeeting: period.lastMeeting,
      nextMeeting: period.nextMeeting,
      issues,
      byGroup: groupIssues(issues, byTopicGroup),
      byTopic: groupIssues(issues, byTopic),
      byBody: groupIssues(issues, byBody),
      byArea: groupIssues(issues, byArea),
      timeline: timeline(issues, from, to, (issue) => londonWallClock(new Date(issue.createdAt)).date),
    };
  }

  agenda(meetingId: string, session: StaffSession | null): AgendaView {
    const meeting = this.meeting(session, meetingId);
    return { meeting, forumName: this.forum(session, meeting.forumId).name, items: agendaItems(this.db, meeting.id) };
  }

  saveItem(input: ParsedInputOf<'forums:saveItem'>, session: StaffSession | null): AgendaView {
    this.meeting(session, input.meetingId);
    saveItem(
      this.db,
      {
        meetingId: input.meetingId,
        id: input.id ?? randomUUID(),
        version: input.version ?? null,
        title: input.title,
        summary: input.summary,
        restricted: input.restricted,
        referral: input.referral,
        referralBody: input.referralBody,
        enquiryIds: input.enquiryIds,
      },
      actorOf(session),
      this.now().toISOString(),
    );
    return this.agenda(input.meetingId, session);
  }

  orderItems(input: ParsedInputOf<'forums:orderItems'>, session: StaffSession | null): AgendaView {
    this.meeting(session, input.meetingId);
    orderItems(this.db, input.meetingId, input.order, actorOf(session), this.now().toISOString());
    return this.agenda(input.meetingId, session);
  }

  removeItem(input: ParsedInputOf<'forums:removeItem'>, session: StaffSession | null): AgendaView {
    this.meeting(session, itemMeetingId(this.db, input.id));
    const meetingId = removeItem(this.db, input.id, input.version, actorOf(session), this.now().toISOString());
    return this.agenda(meetingId, session);
  }

  recordOutcome(input: ParsedInputOf<'forums:recordOutcome'>, session: StaffSession | null): AgendaView {
    this.meeting(session, itemMeetingId(this.db, input.id));
    const meetingId = recordOutcome(this.db, input, actorOf(session), this.now().toISOString());
    return this.agenda(meetingId, session);
  }

  // -------------------------------------------------------------------------------------------
  // Review and export: the writers (pdfkit, docx, the scrubber's NLP) load on first use, so a kiosk
  // that never exports never pays for them at start-up.

  /** The chair's name for the document: the chair exporting, or else the forum's chair account. */
  private chairName(session: StaffSession | null, forumId: string): string | null {
    if (session?.role === 'chair') return session.displayName;
    return listStaff(this.db).find((s) => s.role === 'chair' && s.forumId === forumId && s.disabledAt === null)?.displayName ?? null;
  }

  /** What an export is made from, once the caller's right to the forum is checked. */
  private source(input: ExportInput, session: StaffSession | null): ExportSource {
    switch (input.kind) {
      case 'meetings': {
        const forum = this.forum(session, input.forumId);
        return { kind: 'meetings', forum, meetings: meetingViews(this.db, forum.id) };
      }
      case 'agenda': {
        const agenda = this.agenda(input.meetingId, session);
        return { kind: 'agenda', agenda, chairName: this.chairName(session, agenda.meeting.forumId) };
      }
      case 'issues': {
        if (input.from > input.to) throw new AppFailure({ code: 'input/invalid', message: 'The period ends before it starts.', fields: { to: { code: 'order' } } });
        const forum = this.forum(session, input.forumId);
        return { kind: 'issues', forum, issues: this.issuesIn(forum, input.from, input.to), referenceOf: (id) => enquiryReference(this.db, id) };
      }
    }
  }

  async review(input: ExportInput, session: StaffSession | null): Promise<ExportReview> {
    const source = this.source(input, session);
    const { reviewExport } = await import('./forumExports');
    return reviewExport(input, source);
  }

  async export(input: ExportInput, session: StaffSession | null): Promise<ExportFile> {
    const source = this.source(input, session);
    const { writeExport } = await import('./forumExports');
    return writeExport(input, source, { generatedAt: this.now().toISOString(), ...(this.assetsDir !== undefined && { assetsDir: this.assetsDir }) });
  }
}
