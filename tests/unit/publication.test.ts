import { describe, expect, it } from 'vitest';
import { agendaPack, findingId, issuesDocument, reviewAgenda, reviewIssues } from '../../shared/forums/publication';
import type { AgendaItemView, AgendaView, ExportReview, ForumIssue, RedactionDecision, RedactionKind } from '../../shared/forums/model';
import { AppFailure } from '../../shared/ipc/result';

const replacement = (kind: RedactionKind) => `[${kind} removed]`;
const meta = { chairName: 'Cllr Example', generatedAt: '2026-03-01T10:00:00.000Z' };

let counter = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

function item(number: number, fields: Partial<AgendaItemView> = {}): AgendaItemView {
  return {
    id: uuid(),
    meetingId: '11111111-1111-4111-8111-111111111111',
    number,
    title: `Item title ${number}`,
    summary: `Summary ${number}`,
    restricted: false,
    referral: 'none',
    referralBody: '',
    decision: null,
    outcome: null,
    minute: null,
    version: 1,
    updatedAt: '2026-02-20T09:00:00.000Z',
    enquiries: [
      { id: uuid(), reference: `RUG-K2-00010${number}`, createdAt: '2026-02-01T12:00:00.000Z', topicId: 'roads', location: 'Church Street', summary: 'Pothole', status: 'on-agenda' },
    ],
    raisedBy: 1,
    ...fields,
  };
}

function agenda(items: readonly AgendaItemView[]): AgendaView {
  return {
    meeting: { id: '11111111-1111-4111-8111-111111111111', forumId: 'rugeley', date: '2026-03-10', startsAt: '19:00', place: 'Brereton Village Hall', cancelled: false, version: 1, itemCount: items.length },
    forumName: 'Rugeley Community Forum',
    items,
  };
}

/** The code of the AppFailure `attempt` throws; fails the test if it returns or throws anything else. */
function failureOf(attempt: () => unknown): string {
  try {
    attempt();
  } catch (failure) {
    if (failure instanceof AppFailure) return failure.error.code;
    throw failure;
  }
  throw new Error('expected an AppFailure, but it returned');
}

/** A decision for every finding of the review. */
const every = (review: ExportReview, decision: RedactionDecision) => Object.fromEntries(review.findings.map((f) => [f.id, decision]));

/** The restricted item: every field carries a marker that must never reach a public document. */
const secret = () =>
  item(2, {
    title: 'SECRET-TITLE eviction of a tenant',
    summary: 'SECRET-SUMMARY about one household',
    restricted: true,
    referral: 'body',
    referralBody: 'SECRET-BODY housing solicitor',
    decision: 'referred',
    outcome: 'SECRET-OUTCOME passed to housing',
    minute: 'SECRET-MINUTE discussed in private',
    enquiries: [{ id: uuid(), reference: 'RUG-K9-999999', createdAt: '2026-02-01T12:00:00.000Z', topicId: 'housing', location: 'SECRET-LOCATION', summary: 'x', status: 'on-agenda' }],
  });

const agendaWithSecret = () =>
  agenda([
    item(1, { title: 'Potholes on Church Street', summary: 'Mrs Patel reported them; call her on 07911 123456.', raisedBy: 5, minute: 'Internal note 1' }),
    secret(),
    item(3, { title: 'Fly-tipping at 12 Mill Lane', summary: 'Mattresses again.', referral: 'cat', decision: 'action-agreed', outcome: 'The CAT will clear it; ask jane.doe@example.com.', minute: 'Internal note 3' }),
  ]);

describe('findingId', () => {
  it('names the source, the field and the span', () => {
    expect(findingId('abc', 'summary', { start: 3, end: 12 })).toBe('abc:summary:3-12');
  });
});

describe('reviewAgenda', () => {
  it('flags the public fields of the items that are not restricted, by their number on the agenda', () => {
    const view = agendaWithSecret();
    const review = reviewAgenda(view);
    expect(review.restrictedLeftOut).toBe(1);
    expect(review.findings.map((f) => [f.source, f.field, f.kind, f.text])).toEqual([
      ['1', 'summary', 'name', 'Mrs Patel'],
      ['1', 'summary', 'phone', '07911 123456'],
      ['3', 'title', 'address', '12 Mill Lane'],
      ['3', 'outcome', 'email', 'jane.doe@example.com'],
    ]);
    const [first] = review.findings;
    expect(first!.context).toBe(view.items[0]!.summary);
    expect(first!.id).toBe(findingId(view.items[0]!.id, 'summary', first!));
    expect(JSON.stringify(review)).not.toContain('SECRET');
  });

  it('gives the same ids for the same text, so decisions survive a second review', () => {
    const view = agendaWithSecret();
    expect(reviewAgenda(view).findings.map((f) => f.id)).toEqual(reviewAgenda(view).findings.map((f) => f.id));
  });
});

describe('agendaPack', () => {
  it('public: holds no trace of a restricted item and numbers the rest 1..n', () => {
    const view = agendaWithSecret();
    const review = reviewAgenda(view);
    const pack = agendaPack(view, 'public', every(review, 'remove'), meta, replacement);
    const json = JSON.stringify(pack);
    for (const marker of ['SECRET', 'RUG-K9-999999', view.items[1]!.id]) expect(json).not.toContain(marker);
    expect(pack.items.map((i) => [i.number, i.restricted])).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(pack.items[1]!.title).toBe('Fly-tipping at [address removed]');
    expect(pack.audience).toBe('public');
    expect(pack.meeting).toEqual({ date: '2026-03-10', startsAt: '19:00', place: 'Brereton Village Hall', cancelled: false });
  });

  it('public: no references and no minutes, whatever the items hold', () => {
    const view = agendaWithSecret();
    const pack = agendaPack(view, 'public', every(reviewAgenda(view), 'keep'), meta, replacement);
    expect(pack.items.every((i) => i.references.length === 0 && i.minute === null)).toBe(true);
    expect(JSON.stringify(pack)).not.toContain('Internal note');
    expect(JSON.stringify(pack)).not.toContain('RUG-K2-');
  });

  it("public: replaces what the chair chose to remove and keeps what they chose to keep", () => {
    const view = agendaWithSecret();
    const review = reviewAgenda(view);
    const decisions = every(review, 'remove');
    const name = review.findings.find((f) => f.text === 'Mrs Patel')!;
    decisions[name.id] = 'keep';
    const pack = agendaPack(view, 'public', decisions, meta, replacement);
    expect(pack.items[0]!.summary).toBe('Mrs Patel reported them; call her on [phone removed].');
    expect(pack.items[1]!.outcome).toBe('The CAT will clear it; ask [email removed].');
    expect(pack.items[0]!.raisedBy).toBe(5);
    expect(pack.items[1]!.decision).toBe('action-agreed');
  });

  it('public: refuses while any finding has no decision, and ignores decisions for other ids', () => {
    const view = agendaWithSecret();
    const review = reviewAgenda(view);
    const decisions: Record<string, RedactionDecision> = every(review, 'remove');
    delete decisions[review.findings[2]!.id];
    decisions['unknown:summary:0-4'] = 'remove';
    expect(failureOf(() => agendaPack(view, 'public', decisions, meta, replacement))).toBe('forums/redaction-unconfirmed');
    expect(failureOf(() => agendaPack(view, 'public', {}, meta, replacement))).toBe('forums/redaction-unconfirmed');
  });

  it('public: refuses decisions made on text that has changed since the review', () => {
    const view = agendaWithSecret();
    const decisions = every(reviewAgenda(view), 'remove');
    const changed = agenda(view.items.map((i) => (i.number === 1 ? { ...i, summary: `Update: ${i.summary}` } : i)));
    expect(failureOf(() => agendaPack(changed, 'public', decisions, meta, replacement))).toBe('forums/redaction-unconfirmed');
  });

  it('public: an agenda with nothing flagged needs no decisions', () => {
    const view = agenda([item(1, { title: 'Potholes on Church Street', summary: 'Several residents raised the potholes.' })]);
    expect(reviewAgenda(view).findings).toEqual([]);
    expect(agendaPack(view, 'public', {}, meta, replacement).items[0]!.summary).toBe('Several residents raised the potholes.');
  });

  it('internal: keeps everything, restricted items marked, in agenda numbering, without redaction', () => {
    const view = agendaWithSecret();
    const decisions = every(reviewAgenda(view), 'remove');
    const pack = agendaPack(view, 'internal', decisions, meta, replacement);
    expect(pack.audience).toBe('internal');
    expect(pack.chairName).toBe('Cllr Example');
    expect(pack.items.map((i) => [i.number, i.restricted])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    const restricted = pack.items[1]!;
    expect(restricted).toMatchObject({
      title: 'SECRET-TITLE eviction of a tenant',
      summary: 'SECRET-SUMMARY about one household',
      referralBody: 'SECRET-BODY housing solicitor',
      outcome: 'SECRET-OUTCOME passed to housing',
      minute: 'SECRET-MINUTE discussed in private',
      references: ['RUG-K9-999999'],
    });
    expect(pack.items[0]!.summary).toBe('Mrs Patel reported them; call her on 07911 123456.');
    expect(pack.items[0]!.minute).toBe('Internal note 1');
    expect(agendaPack(view, 'internal', {}, meta, replacement)).toEqual(pack);
  });
});

function issue(reference: string, fields: Partial<ForumIssue> = {}): ForumIssue {
  return {
    id: uuid(),
    reference,
    createdAt: '2026-02-10T12:00:00.000Z',
    unitId: 'rugeley',
    topicId: 'roads',
    body: 'county',
    location: 'Church Street',
    area: 'Rugeley',
    street: 'church street',
    summary: 'Pothole by the school',
    status: 'for-forum',
    outcome: null,
    mergedInto: null,
    agendaItemId: null,
    restricted: false,
    replica: false,
    ...fields,
  };
}

describe('issues', () => {
  const docMeta = { forumId: 'rugeley', forumName: 'Rugeley Community Forum', from: '2026-01-01', to: '2026-03-31', generatedAt: '2026-03-01T10:00:00.000Z' };

  function issues() {
    const open = issue('RUG-K2-000001', { location: '12 Church Street', summary: 'Ring Mrs Patel on 07911 123456 about the pothole.', createdAt: '2026-06-30T23:30:00.000Z' });
    const hidden = issue('RUG-K2-000002', { location: 'SECRET-PLACE', summary: 'SECRET about one tenant', restricted: true, agendaItemId: uuid() });
    const duplicateOfHidden = issue('RUG-K2-000003', { summary: 'SECRET again', mergedInto: hidden.id });
    const duplicateOfOpen = issue('RUG-K2-000004', { summary: 'Same pothole.', mergedInto: open.id, createdAt: '2026-01-15T23:30:00.000Z', outcome: 'Passed to Mr Khan at Highways.' });
    const all = [open, hidden, duplicateOfHidden, duplicateOfOpen];
    const references = new Map(all.map((i) => [i.id, i.reference]));
    return { all, open, hidden, referenceOf: (id: string) => references.get(id) ?? null };
  }

  it('the review flags place, summary and outcome of what may be published, by reference', () => {
    const { all } = issues();
    const review = reviewIssues(all);
    expect(review.restrictedLeftOut).toBe(2);
    expect(review.findings.map((f) => [f.source, f.field, f.kind, f.text])).toEqual([
      ['RUG-K2-000001', 'location', 'address', '12 Church Street'],
      ['RUG-K2-000001', 'summary', 'name', 'Mrs Patel'],
      ['RUG-K2-000001', 'summary', 'phone', '07911 123456'],
      ['RUG-K2-000004', 'outcome', 'name', 'Mr Khan'],
    ]);
    expect(JSON.stringify(review)).not.toContain('SECRET');
  });

  it('public: leaves out restricted issues and what was merged into them, and redacts as decided', () => {
    const { all, referenceOf } = issues();
    const review = reviewIssues(all);
    const decisions = every(review, 'remove');
    decisions[review.findings.find((f) => f.text === 'Mr Khan')!.id] = 'keep';
    const doc = issuesDocument(all, 'public', decisions, docMeta, replacement, referenceOf);
    const json = JSON.stringify(doc);
    expect(json).not.toContain('SECRET');
    expect(json).not.toContain('RUG-K2-000002');
    expect(json).not.toContain('RUG-K2-000003');
    expect(doc.issues.map((i) => [i.reference, i.location, i.summary, i.outcome, i.mergedInto])).toEqual([
      ['RUG-K2-000001', '[address removed]', 'Ring [name removed] on [phone removed] about the pothole.', null, null],
      ['RUG-K2-000004', 'Church Street', 'Same pothole.', 'Passed to Mr Khan at Highways.', 'RUG-K2-000001'],
    ]);
    expect(doc).toMatchObject({ audience: 'public', forumId: 'rugeley', from: '2026-01-01', to: '2026-03-31' });
  });

  it('public: refuses while any finding has no decision', () => {
    const { all, referenceOf } = issues();
    const decisions = every(reviewIssues(all), 'keep');
    delete decisions[Object.keys(decisions)[0]!];
    expect(failureOf(() => issuesDocument(all, 'public', decisions, docMeta, replacement, referenceOf))).toBe('forums/redaction-unconfirmed');
  });

  it('internal: keeps every issue as held, with merged ones pointing at their reference', () => {
    const { all, referenceOf } = issues();
    const doc = issuesDocument(all, 'internal', {}, docMeta, replacement, referenceOf);
    expect(doc.issues.map((i) => [i.reference, i.summary, i.mergedInto])).toEqual([
      ['RUG-K2-000001', 'Ring Mrs Patel on 07911 123456 about the pothole.', null],
      ['RUG-K2-000002', 'SECRET about one tenant', null],
      ['RUG-K2-000003', 'SECRET again', 'RUG-K2-000002'],
      ['RUG-K2-000004', 'Same pothole.', 'RUG-K2-000001'],
    ]);
    expect(doc.issues[0]!.location).toBe('12 Church Street');
  });

  it("gives the day each issue was raised on London's clock", () => {
    const { all, referenceOf } = issues();
    const doc = issuesDocument(all, 'internal', {}, docMeta, replacement, referenceOf);
    // 23:30 UTC on 30 June is 00:30 BST on 1 July; in January London is on UTC.
    expect(doc.issues[0]!.raisedOn).toBe('2026-07-01');
    expect(doc.issues[3]!.raisedOn).toBe('2026-01-15');
    expect(doc.issues[1]!.raisedOn).toBe('2026-02-10');
  });
});
