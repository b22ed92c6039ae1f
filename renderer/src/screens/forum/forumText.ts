import type { TFunction } from 'i18next';
import { findTopic } from '../../../../shared/directory/topics';
import type { ForumIssue, MeetingView, Referral } from '../../../../shared/forums/model';
import { formatDate } from '../../format';

/** How the chair's view groups the issues; each matches one of the overview's counts. */
export const GROUPINGS = ['group', 'topic', 'body', 'area'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** The name of one group's key, in the person's language: a topic group, a topic, a body or an area. */
export function groupName(t: TFunction, grouping: Grouping, key: string): string {
  switch (grouping) {
    case 'group':
      return t(`topicGroups.${key}`, { defaultValue: t('forum.otherTopic') });
    case 'topic':
      return topicName(t, key);
    case 'body':
      return t(`bodyNames.${key}`, { defaultValue: key });
    case 'area':
      return key === '' ? t('forum.noArea') : key;
  }
}

/** A topic's name; a topic this kiosk does not know yet (a newer directory elsewhere) is "Other". */
export function topicName(t: TFunction, topicId: string): string {
  return findTopic(topicId) ? t(`topics.${topicId}`) : t('forum.otherTopic');
}

/** "Church Street" from the street key "church street": the key has no house numbers, so a title made from it has none. */
function streetName(key: string): string {
  return key
    .split(' ')
    .map((word) => (word === '' ? word : word[0]!.toLocaleUpperCase('en-GB') + word.slice(1)))
    .join(' ');
}

/**
 * The title a new agenda item starts with, for the chair to edit: the topic the issues share (or
 * their topic group, or the first one's topic), and the street when they share one.
 */
export function proposedTitle(t: TFunction, issues: readonly ForumIssue[]): string {
  const first = issues[0];
  if (!first) return '';
  const sameTopic = issues.every((issue) => issue.topicId === first.topicId);
  const group = findTopic(first.topicId)?.group;
  const sameGroup = group !== undefined && issues.every((issue) => findTopic(issue.topicId)?.group === group);
  const topic = sameTopic || !sameGroup ? topicName(t, first.topicId) : t(`topicGroups.${group}`);
  const sameStreet = first.street !== '' && issues.every((issue) => issue.street === first.street);
  return sameStreet ? t('forum.titleWithStreet', { topic, street: streetName(first.street) }) : topic;
}

/** "Tuesday 14 April 2026", the meeting's own day. */
export function meetingDay(meeting: MeetingView, language: string): string {
  return formatDate(meeting.date, language, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/** "Tuesday 14 April 2026, 18:30, Rugeley Library": what a person needs to tell one meeting from another. */
export function meetingLine(t: TFunction, meeting: MeetingView, language: string): string {
  const day = meetingDay(meeting, language);
  const parts = [day, meeting.startsAt, meeting.place].filter((part): part is string => Boolean(part));
  return parts.join(t('forum.separator'));
}

/** Where an item is sent, in words, or null when it is not referred. */
export function referralText(t: TFunction, referral: Referral, body: string): string | null {
  if (referral === 'none') return null;
  if (referral === 'body') return t('forum.agenda.referredTo', { body });
  return t('forum.agenda.referredTo', { body: t(`forum.agenda.referrals.${referral}`) });
}

/** Meetings still to come (today's included) and not cancelled, soonest first: where new items can go. */
export function upcomingMeetings(meetings: readonly MeetingView[], today: string): readonly MeetingView[] {
  return meetings.filter((m) => !m.cancelled && m.date >= today).toSorted((a, b) => a.date.localeCompare(b.date) || (a.startsAt ?? '').localeCompare(b.startsAt ?? ''));
}
