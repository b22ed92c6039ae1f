import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { parse } from 'csv-parse/sync';
import { createBackend, type Backend } from '../../electron/backend/backend';
import type { ChannelName, InputOf, ValueOf } from '../../shared/ipc/contract';
import type { AgendaItemInput, AgendaView, MeetingView } from '../../shared/forums/model';
import { addDays, londonToday } from '../../renderer/src/screens/forum/dates';
import { formatDate } from '../../renderer/src/format';
import { makeTempDir } from '../support/tempDir';
import { ADMIN, CHAIR, RUGELEY_SETUP, addStaff, copyOfKiosk, setUpKiosk } from '../support/kiosk';
import { renderApp } from './renderApp';

/**
 * The chair's screens against the real backend on a real SQLite file: the forum tab (grouping,
 * charts as tables, choosing issues into an item), the agenda tab (moving by touch and keyboard,
 * outcomes, a conflict) and the public export's redaction review, down to the saved file's bytes.
 */

const SCREEN = 'screen';
const SEED = 'seed';
const DESK_SETUP = { ...RUGELEY_SETUP, deviceCode: 'D1', displayMode: 'desk' as const };

let template: ReturnType<typeof makeTempDir>;
let dir: ReturnType<typeof makeTempDir>;
let backend: Backend;
/** How far back the backend's clock stands, so issues can be raised on earlier days. */
let back = 0;

beforeAll(async () => {
  template = makeTempDir();
  const setup = createBackend({ dataDir: template.path, log: () => {}, sync: { autoStart: false } });
  try {
    await setUpKiosk(setup, DESK_SETUP);
    await addStaff(setup.databasePath, CHAIR.username, CHAIR.pin, 'chair');
  } finally {
    setup.close();
  }
});
afterAll(() => template.remove());

/** The files the screens saved, as the temporary download links handed them over. */
let saved: { name: string; blob: Blob }[];

beforeEach(() => {
  dir = copyOfKiosk(template);
  back = 0;
  backend = createBackend({ dataDir: dir.path, now: () => new Date(Date.now() - back), log: () => {}, sync: { autoStart: false } });
  saved = [];
  let lastBlob: Blob | null = null;
  // jsdom has no object URLs and no downloads: keep the blob, and the name the link gave it.
  URL.createObjectURL = vi.fn((blob: Blob) => {
    lastBlob = blob;
    return 'blob:forum-test';
  });
  URL.revokeObjectURL = vi.fn();
  // Nor does it lay anything out to scroll.
  Element.prototype.scrollIntoView = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    if (lastBlob) saved.push({ name: this.download, blob: lastBlob });
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  backend.close();
  dir.remove();
});

async function call<C extends ChannelName>(channel: C, input: InputOf<C>, caller: string = SEED): Promise<ValueOf<C>> {
  const result = await backend.dispatch(channel, input, caller);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as ValueOf<C>;
}

/** A London date this many days from today. */
const day = (offset: number) => addDays(londonToday(), offset);

/** A resident raises an issue at the touchscreen, `daysAgo` days ago. */
async function raise(daysAgo: number, topicId: string, location: string, summary = `A problem on ${location}`): Promise<{ id: string; reference: string }> {
  back = daysAgo * 86_400_000;
  try {
    const receipt = await call('enquiries:raise', { topicId, location, summary, contact: null }, 'resident');
    return { id: receipt.id, reference: receipt.reference };
  } finally {
    back = 0;
  }
}

/** The forum's last meeting a month ago and its next in twelve days, set by the administrator. */
async function meetings(): Promise<{ last: MeetingView; next: MeetingView }> {
  await call('auth:signIn', { username: ADMIN.username, pin: ADMIN.pin });
  const last = await call('forums:saveMeeting', { forumId: 'rugeley', date: day(-30), startsAt: '18:30', place: 'Rugeley Town Hall', cancelled: false });
  const next = await call('forums:saveMeeting', { forumId: 'rugeley', date: day(12), startsAt: '18:30', place: 'Rugeley Library', cancelled: false });
  return { last, next };
}

function item(meetingId: string, title: string, enquiryIds: string[], extra: Partial<AgendaItemInput> = {}): AgendaItemInput {
  return { meetingId, title, summary: '', restricted: false, referral: 'none', referralBody: '', enquiryIds, ...extra };
}

/** Signs the chair in on the screen and opens one of their tabs. */
async function openAs(user: ReturnType<typeof userEvent.setup>, tab: 'Forum' | 'Agenda') {
  await call('auth:signIn', CHAIR, SCREEN);
  const view = await renderApp(backend, SCREEN);
  await user.click(await screen.findByRole('button', { name: tab }));
  return view;
}

/** One issue's row in the forum tab's list, by its reference. */
function issueRow(reference: string): HTMLElement {
  return screen.getByText(reference).closest('li')!;
}

/** The agenda's items, as their cards are titled, in order. */
function itemTitles(): string[] {
  return within(document.querySelector<HTMLElement>('.agenda-items')!)
    .getAllByRole('heading', { level: 5 })
    .map((h) => h.textContent ?? '');
}

function card(title: string): HTMLElement {
  return screen.getByRole('heading', { level: 5, name: new RegExp(title) }).closest('li')!;
}

describe('the forum tab', () => {
  it('counts the issues since the last meeting by topic group, topic, body and area, with plurals for issues and streets', async () => {
    const { last } = await meetings();
    await raise(40, 'roads', 'Sheep Fair', 'Before the last meeting, so not counted');
    await raise(20, 'roads', '12 Church Street', 'Deep pothole by the school gate');
    await raise(15, 'roads', 'Church St.', 'Pothole outside the church');
    await raise(9, 'street-lights', 'Elmore Lane', 'Street light out');
    await raise(3, 'bin-collection', 'Horse Fair, Brereton', 'Bins missed again');
    const user = userEvent.setup();
    await openAs(user, 'Forum');

    expect(await screen.findByText(`4 issues raised since the last meeting on ${formatDate(last.date, 'en-GB')}`)).toBeDefined();
    expect(screen.getByText('4 issues can still go on an agenda.')).toBeDefined();
    const lines = () => [...document.querySelectorAll('.forum-groups__lines li')].map((li) => li.textContent);
    expect(lines()).toEqual(['Roads, pavements and street lights: 3 issues on 2 streets', 'Bins, recycling and litter: 1 issue on 1 street']);

    await user.click(screen.getByLabelText('Topic'));
    expect(lines()).toEqual(['Roads and potholes: 2 issues on 1 street', 'Bin collections: 1 issue on 1 street', 'Street lights: 1 issue on 1 street']);
    await user.click(screen.getByLabelText('Responsible body'));
    expect(lines()).toEqual(['Staffordshire County Council: 3 issues on 2 streets', 'Cannock Chase District Council: 1 issue on 1 street']);
    await user.click(screen.getByLabelText('Area'));
    expect(lines()).toContain('Brereton: 1 issue on 1 street');
    expect(lines()).toContain('No area named: 3 issues on 2 streets');

    // Each chart has a name, and its figures are a table.
    const groupChart = screen.getByRole('figure', { name: 'Issues by topic group' });
    expect(within(groupChart).getByRole('img', { name: /Bar chart of the issues in 2 topic groups/ })).toBeDefined();
    const rows = within(groupChart)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.textContent);
    expect(rows).toEqual(['Roads, pavements and street lights3', 'Bins, recycling and litter1']);
    const timeChart = screen.getByRole('figure', { name: /^Issues raised each (day|week)$/ });
    const perBucket = within(timeChart)
      .getAllByRole('row')
      .slice(1)
      .map((row) => Number(row.lastElementChild?.textContent));
    expect(perBucket.reduce((a, b) => a + b, 0)).toBe(4);

    await user.click(screen.getByLabelText('Last 12 months'));
    expect(await screen.findByText(/^5 issues raised from /)).toBeDefined();
  });

  it('refuses a custom period that ends before it starts, next to the field, keeping the dates typed', async () => {
    await meetings();
    await raise(5, 'roads', 'Church Street');
    const user = userEvent.setup();
    await openAs(user, 'Forum');
    await screen.findByText(/1 issue raised since the last meeting/);

    await user.click(screen.getByLabelText('Choose dates'));
    const from = screen.getByLabelText('From');
    const to = screen.getByLabelText('To');
    await user.clear(from);
    await user.type(from, day(-2));
    await user.clear(to);
    await user.type(to, day(-10));
    await user.click(screen.getByRole('button', { name: 'Show these dates' }));
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('This is before the start date. Choose the same date or a later one.')).toBeDefined();
    expect((to as HTMLInputElement).value).toBe(day(-10));

    await user.clear(to);
    await user.type(to, day(0));
    await user.click(screen.getByRole('button', { name: 'Show these dates' }));
    expect(await screen.findByText(`0 issues raised from ${formatDate(day(-2), 'en-GB')} to ${formatDate(day(0), 'en-GB')}`)).toBeDefined();
  });

  it('makes the chosen issues one agenda item raised by that many residents, titled from the topic and street they share, to edit on the agenda tab', async () => {
    const { next } = await meetings();
    const first = await raise(20, 'roads', '12 Church Street', 'Deep pothole by the school gate');
    const second = await raise(15, 'roads', 'Church St.', 'Pothole outside the church');
    const third = await raise(10, 'roads', 'church street', 'Potholes all along the road');
    const lights = await raise(9, 'street-lights', 'Elmore Lane', 'Street light out');
    const user = userEvent.setup();
    await openAs(user, 'Forum');
    await screen.findByText(/4 issues raised/);
    expect(screen.queryByRole('region', { name: /selected/ })).toBeNull();

    for (const issue of [first, second, third]) await user.click(screen.getByRole('checkbox', { name: `Choose ${issue.reference}` }));
    const bar = screen.getByRole('region', { name: '3 issues selected' });
    expect(within(bar).getByLabelText<HTMLSelectElement>('Add to the agenda of').value).toBe(next.id);
    await user.click(within(bar).getByRole('button', { name: 'Add as one new item' }));

    // The agenda tab opens on the new item, in its editor.
    expect(await screen.findByText('Added as item 1. Check its title and public summary, then save.')).toBeDefined();
    const added = card('Roads and potholes: Church Street');
    expect(document.activeElement).toBe(added);
    expect(within(added).getByText('Raised by 3 residents')).toBeDefined();
    expect(within(added).getAllByText('On the agenda')).toHaveLength(3);
    const title = within(added).getByLabelText<HTMLInputElement>('Title');
    expect(title.value).toBe('Roads and potholes: Church Street');
    await user.clear(title);
    await user.type(title, 'Potholes on Church Street');
    await user.type(within(added).getByLabelText('Public summary'), 'Several deep potholes near the school.');
    await user.click(within(added).getByRole('button', { name: 'Save item' }));
    expect((await screen.findByRole('status')).textContent).toBe('Item 1 saved.');
    const agenda = await call('forums:agenda', { meetingId: next.id }, SCREEN);
    expect(agenda.items.map((i) => [i.title, i.summary, i.enquiries.map((e) => e.reference).toSorted()])).toEqual([
      ['Potholes on Church Street', 'Several deep potholes near the school.', [first.reference, second.reference, third.reference].toSorted()],
    ]);

    // Back on the forum tab those issues say where they are and cannot be chosen again.
    await user.click(screen.getByRole('button', { name: 'Forum' }));
    await screen.findByText(/4 issues raised/);
    await waitFor(() => expect(within(issueRow(first.reference)).getByText(/^On agenda item 1 \(/)).toBeDefined());
    expect(within(issueRow(first.reference)).queryByRole('checkbox')).toBeNull();

    // Another issue joins the item already there.
    await user.click(screen.getByRole('checkbox', { name: `Choose ${lights.reference}` }));
    const oneBar = screen.getByRole('region', { name: '1 issue selected' });
    await user.click(within(oneBar).getByRole('button', { name: 'Add to an existing item' }));
    await user.click(within(oneBar).getByRole('button', { name: 'Add to item 1' }));
    expect((await screen.findByText('Added 1 issue to item 1: Potholes on Church Street.')).getAttribute('role')).toBe('status');
    expect(screen.queryByRole('region', { name: /selected/ })).toBeNull();
    const after = await call('forums:agenda', { meetingId: next.id }, SCREEN);
    expect(after.items[0]?.raisedBy).toBe(4);
  });
});

describe('the agenda tab', () => {
  async function agendaOfThree(): Promise<{ next: MeetingView; agenda: AgendaView; refs: string[] }> {
    const { next } = await meetings();
    const a = await raise(5, 'roads', 'Church Street');
    const b = await raise(4, 'street-lights', 'Elmore Lane');
    const c = await raise(3, 'bin-collection', 'Horse Fair');
    const d = await raise(2, 'bin-collection', 'Horse Fair');
    await call('forums:saveItem', item(next.id, 'Potholes', [a.id]));
    await call('forums:saveItem', item(next.id, 'Street lights', [b.id]));
    const agenda = await call('forums:saveItem', item(next.id, 'Missed bins', [c.id, d.id]));
    return { next, agenda, refs: [a, b, c, d].map((x) => x.reference) };
  }

  it('moves items with the buttons and with Alt+arrow keys, focus following the item and the new place said', async () => {
    const { next } = await agendaOfThree();
    const user = userEvent.setup();
    await openAs(user, 'Agenda');
    await screen.findByText('Item 1');
    expect(itemTitles()).toEqual(['Item 1 Potholes', 'Item 2 Street lights', 'Item 3 Missed bins']);
    expect(within(card('Potholes')).getByRole<HTMLButtonElement>('button', { name: /Move up/ }).disabled).toBe(true);
    expect(within(card('Missed bins')).getByRole<HTMLButtonElement>('button', { name: /Move down/ }).disabled).toBe(true);

    await user.click(within(card('Potholes')).getByRole('button', { name: /Move down/ }));
    await waitFor(() => expect(itemTitles()).toEqual(['Item 1 Street lights', 'Item 2 Potholes', 'Item 3 Missed bins']));
    expect(document.activeElement).toBe(within(card('Potholes')).getByRole('button', { name: /Move down/ }));
    expect(screen.getByText('Item moved to position 2')).toBeDefined();

    // Keyboard: Alt+Up on the focused card moves it, and focus stays on the card.
    card('Missed bins').focus();
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
    await waitFor(() => expect(itemTitles()).toEqual(['Item 1 Street lights', 'Item 2 Missed bins', 'Item 3 Potholes']));
    expect(document.activeElement).toBe(card('Missed bins'));
    expect(screen.getByText('Item moved to position 2')).toBeDefined();
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
    await waitFor(() => expect(itemTitles()).toEqual(['Item 1 Missed bins', 'Item 2 Street lights', 'Item 3 Potholes']));
    expect(document.activeElement).toBe(card('Missed bins'));
    expect(screen.getByText('Item moved to position 1')).toBeDefined();
    // The arrow without Alt, or past the top, changes nothing.
    await user.keyboard('{ArrowDown}{Alt>}{ArrowUp}{/Alt}');
    expect(itemTitles()).toEqual(['Item 1 Missed bins', 'Item 2 Street lights', 'Item 3 Potholes']);

    const saved = await call('forums:agenda', { meetingId: next.id }, SCREEN);
    expect(saved.items.map((i) => `${i.number} ${i.title}`)).toEqual(['1 Missed bins', '2 Street lights', '3 Potholes']);
  });

  it('records an outcome: every issue of the item follows, and residents read it by reference', async () => {
    const { refs } = await agendaOfThree();
    const user = userEvent.setup();
    await openAs(user, 'Agenda');
    const bins = await screen.findByText('Missed bins').then((t) => t.closest('li')!);
    await user.click(within(bins).getByRole('button', { name: /Record the outcome/ }));
    await user.click(within(bins).getByRole('button', { name: 'Save the outcome' }));
    expect(within(within(bins).getByRole('group', { name: 'Decision' })).getByText('Enter this.')).toBeDefined();

    await user.click(within(bins).getByLabelText('Referred'));
    await user.type(within(bins).getByLabelText('Public outcome'), 'Referred to the district council waste team.');
    await user.type(within(bins).getByLabelText('Internal minute'), 'Crews short-staffed in November.');
    await user.click(within(bins).getByRole('button', { name: 'Save the outcome' }));
    expect((await screen.findByRole('status')).textContent).toBe('Outcome recorded for item 3. Its 2 issues are now "Outcome recorded".');
    const now = card('Missed bins');
    expect(within(now).getAllByText('Outcome recorded')).toHaveLength(2);
    expect(within(now).getByText('Referred to the district council waste team.')).toBeDefined();
    expect(within(now).getByRole('button', { name: /Change the outcome/ })).toBeDefined();

    const check = await backend.dispatch('enquiries:check', { reference: refs[3]! }, 'resident');
    expect(check).toMatchObject({ ok: true, value: { status: 'outcome-recorded', outcome: 'Referred to the district council waste team.' } });
  });

  it('reloads the agenda and says so when someone else changed the item first, keeping what was typed', async () => {
    const { agenda } = await agendaOfThree();
    const user = userEvent.setup();
    await openAs(user, 'Agenda');
    const lights = await screen.findByText('Street lights').then((t) => t.closest('li')!);
    await user.click(within(lights).getByRole('button', { name: /Edit/ }));
    const title = within(lights).getByLabelText('Title');
    await user.clear(title);
    await user.type(title, 'Street lights out on Elmore Lane');

    const other = agenda.items.find((i) => i.title === 'Street lights')!;
    await call('forums:saveItem', { ...item(other.meetingId, 'Lights changed elsewhere', other.enquiries.map((e) => e.id)), id: other.id, version: other.version });
    await user.click(within(lights).getByRole('button', { name: 'Save item' }));

    expect((await within(lights).findByRole('alert')).textContent).toBe(
      'Someone else changed this item while you had it open. The agenda has been read again: check it, then make your change.',
    );
    expect(await screen.findByText('Lights changed elsewhere')).toBeDefined();
    expect(within(lights).getByLabelText<HTMLInputElement>('Title').value).toBe('Street lights out on Elmore Lane');
  });

  it('removes an item after asking, its issues going back to wait for the forum', async () => {
    const { next } = await agendaOfThree();
    const user = userEvent.setup();
    await openAs(user, 'Agenda');
    const potholes = await screen.findByText('Potholes').then((t) => t.closest('li')!);
    await user.click(within(potholes).getByRole('button', { name: /Remove item/ }));
    expect(within(potholes).getByText('Remove item 1 from the agenda? Its issue goes back to waiting for the forum.')).toBeDefined();
    await user.click(within(potholes).getByRole('button', { name: 'Yes, remove it' }));
    expect((await screen.findByRole('status')).textContent).toBe('Item 1 (Potholes) was removed. Its issues are waiting for the forum again.');
    expect(itemTitles()).toEqual(['Item 1 Street lights', 'Item 2 Missed bins']);
    expect(document.activeElement).toBe(card('Street lights'));
    expect((await call('forums:agenda', { meetingId: next.id }, SCREEN)).items).toHaveLength(2);
  });

  it('adds a meeting, refusing it without a date, and chooses it', async () => {
    await meetings();
    const user = userEvent.setup();
    await openAs(user, 'Agenda');
    await user.click(await screen.findByRole('button', { name: 'Add a meeting' }));
    const form = screen.getByRole('form', { name: 'Add a meeting' });
    await user.type(within(form).getByLabelText('Place'), 'Brereton Village Hall');
    await user.click(within(form).getByRole('button', { name: 'Save meeting' }));
    expect(within(form).getByText('Enter this.')).toBeDefined();
    expect(within(form).getByLabelText<HTMLInputElement>('Place').value).toBe('Brereton Village Hall');

    await user.type(within(form).getByLabelText('Date'), day(40));
    await user.type(within(form).getByLabelText('Start time'), '19:00');
    await user.click(within(form).getByRole('button', { name: 'Save meeting' }));
    expect((await screen.findByRole('status')).textContent).toMatch(/^Meeting added: .*19:00 · Brereton Village Hall\.$/);
    expect(screen.getByRole('heading', { level: 4, name: /^Agenda for .*Brereton Village Hall$/ })).toBeDefined();
    const list = await call('forums:meetings', { forumId: 'rugeley' }, SCREEN);
    expect(list.map((m) => [m.date, m.startsAt, m.place])).toContainEqual([day(40), '19:00', 'Brereton Village Hall']);
  });
});

describe('public exports', () => {
  // The public CSV rather than the PDF: pdfkit cannot read its fonts inside jsdom (its buffers come
  // from another realm there); the end-to-end test saves and reads the public PDF in a real browser.
  it('enable Export only once every flagged detail has a decision, and save a file without what was removed', async () => {
    const { next } = await meetings();
    const noisy = await raise(3, 'noise', 'Market Street', 'John Smith plays loud music every night, call 07700 900123');
    const quiet = await raise(2, 'roads', 'Church Street', 'Pothole by the school gate');
    await call('forums:saveItem', item(next.id, 'Loud music on Market Street', [noisy.id], { summary: 'Neighbour John Smith, phone 07700 900123.' }));
    await call('forums:saveItem', item(next.id, 'A private matter', [quiet.id], { restricted: true }));
    const user = userEvent.setup();
    await openAs(user, 'Agenda');
    const panel = await screen.findByRole('region', { name: 'Export the agenda' });

    expect(within(panel).getByLabelText<HTMLInputElement>('Public (redacted)').checked).toBe(true);
    await user.click(within(panel).getByRole('button', { name: 'CSV (spreadsheet)' }));
    // The review scans every item for personal details: slow on a busy machine, so wait longer than the default second.
    const review = await within(panel).findByRole('region', { name: 'Check before publishing: CSV (spreadsheet)' }, { timeout: 10_000 });
    expect(within(review).getByText('1 restricted item is left out.')).toBeDefined();
    const findings = within(review).getAllByRole('listitem');
    expect(findings.map((f) => f.querySelector('mark')?.textContent)).toEqual(['John Smith', '07700 900123']);
    expect(within(findings[1]!).getByText('Phone number')).toBeDefined();
    expect(findings[1]!.textContent).toContain('in Item 1, public summary');
    const exportButton = within(review).getByRole<HTMLButtonElement>('button', { name: 'Export the public CSV (spreadsheet)' });
    expect(exportButton.disabled).toBe(true);

    // One decision is not enough while another waits; each is a pressed toggle.
    await user.click(within(findings[1]!).getByRole('button', { name: 'Remove' }));
    expect(within(findings[1]!).getByRole('button', { name: 'Remove' }).getAttribute('aria-pressed')).toBe('true');
    expect(within(review).getByText('1 of 2 decided')).toBeDefined();
    expect(exportButton.disabled).toBe(true);
    await user.click(within(findings[0]!).getByRole('button', { name: 'Keep' }));
    expect(exportButton.disabled).toBe(false);
    await user.click(within(review).getByRole('button', { name: 'Remove all' }));
    expect(within(findings[0]!).getByRole('button', { name: 'Remove' }).getAttribute('aria-pressed')).toBe('true');
    await user.click(exportButton);

    const status = await within(panel).findByRole('status', {}, { timeout: 10_000 });
    expect(status.textContent).toMatch(/^Saved rugeley-forum-agenda-\d{4}-\d{2}-\d{2}-public\.csv$/);
    expect(within(panel).queryByRole('region')).toBeNull();
    expect(saved.map((file) => file.name)).toEqual([status.textContent?.slice('Saved '.length)]);
    const cells: string[][] = parse(await saved[0]!.blob.text(), { bom: true });
    const text = cells.flat().join('\n');
    expect(text).toContain('Loud music on Market Street');
    expect(text).not.toContain('07700 900123');
    expect(text).not.toContain('John Smith');
    expect(text).not.toContain('A private matter');
  });

  it('export internal files at once, without a review', async () => {
    await meetings();
    await raise(3, 'roads', 'Church Street', 'Pothole by the school gate');
    const user = userEvent.setup();
    await openAs(user, 'Forum');
    const panel = await screen.findByRole('region', { name: 'Export the issues' });
    await user.click(within(panel).getByLabelText('Internal (full)'));
    await user.click(within(panel).getByRole('button', { name: 'CSV (spreadsheet)' }));
    expect((await within(panel).findByRole('status')).textContent).toMatch(/^Saved rugeley-forum-issues-.*-internal\.csv$/);
    expect(within(panel).queryByRole('region')).toBeNull();
    const csv = await saved[0]!.blob.text();
    expect(csv).toContain('Pothole by the school gate');
  });
});

describe('right to left', () => {
  it('lays the forum tab out in Urdu: the page runs right to left and the charts put their names on the right', async () => {
    await meetings();
    await raise(3, 'roads', 'Church Street');
    await raise(2, 'bin-collection', 'Horse Fair');
    const user = userEvent.setup();
    const { i18n } = await openAs(user, 'Forum');
    await screen.findByRole('figure', { name: 'Issues by topic group' });
    await act(() => i18n.changeLanguage('ur'));
    expect(document.documentElement.dir).toBe('rtl');
    const figure = await screen.findByRole('figure', { name: i18n.t('forum.charts.byGroup') });
    expect(within(figure).getAllByRole('row')).toHaveLength(3);
    // With names on the right, the category axis stands to the right of the bars.
    const axis = figure.querySelector('.recharts-yAxis');
    expect(axis?.getAttribute('class')).toContain('yAxis');
    const axisLine = figure.querySelector<SVGLineElement>('.recharts-yAxis line.recharts-cartesian-axis-line');
    const bars = [...figure.querySelectorAll<SVGPathElement>('.forum-chart__bar path')];
    expect(bars.length).toBeGreaterThan(0);
    expect(Number(axisLine?.getAttribute('x1'))).toBeGreaterThan(260);
    expect(screen.getByText(i18n.t('forum.groupLine', { name: i18n.t('topicGroups.roads'), issues: i18n.t('forum.issues', { count: 1 }), streets: i18n.t('forum.streets', { count: 1 }) }))).toBeDefined();
  });
});
