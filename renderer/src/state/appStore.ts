import { createStore, type StoreApi } from 'zustand/vanilla';
import type { i18n } from 'i18next';
import type { OnestopClient } from '../../../shared/ipc/client';
import type { KioskStatus, SyncStatus } from '../../../shared/ipc/contract';
import type { AppError } from '../../../shared/ipc/result';
import type { StaffSession } from '../../../shared/domain/staff';
import type { Unit } from '../../../shared/domain/units';

export type ConfiguredKiosk = Extract<KioskStatus, { configured: true }>;

export { TASKS, STAFF_SECTIONS, type Task, type Screen, type StaffSection } from './navigation';
import type { Screen } from './navigation';

export const TEXT_SIZES = ['standard', 'large', 'largest'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

/** How the screen is shown to this person: forgotten, like everything else, when the screen is wiped. */
export interface DisplayPreferences {
  readonly textSize: TextSize;
  readonly highContrast: boolean;
}

const DEFAULT_DISPLAY: DisplayPreferences = { textSize: 'standard', highContrast: false };

export const ISSUE_STEPS = ['topic', 'where', 'what', 'contact', 'check'] as const;
export type IssueStep = (typeof ISSUE_STEPS)[number];

/**
 * A resident's half-raised issue. It lives in the store, not in the screen, so changing language
 * or looking something up keeps it; the idle reset wipes it with everything else.
 */
export interface IssueDraft {
  readonly step: IssueStep;
  readonly topicId: string;
  readonly location: string;
  readonly summary: string;
  readonly wantsContact: 'yes' | 'no' | '';
  readonly contactName: string;
  readonly contactPhone: string;
  readonly contactEmail: string;
}

/** The staff list's filters as typed: kept while staff open an enquiry and come back. */
export interface EnquiryFilterDraft {
  readonly status: string;
  readonly topicId: string;
  readonly body: string;
  readonly unitId: string;
  readonly from: string;
  readonly to: string;
  readonly text: string;
}

export const EMPTY_FILTER: EnquiryFilterDraft = { status: '', topicId: '', body: '', unitId: '', from: '', to: '', text: '' };

export const EMPTY_ISSUE: IssueDraft = {
  step: 'topic',
  topicId: '',
  location: '',
  summary: '',
  wantsContact: '',
  contactName: '',
  contactPhone: '',
  contactEmail: '',
};

/**
 * Where the chair's agenda tab opens: the meeting chosen and the item being edited. The forum tab
 * sets it when it adds an item, so the chair lands on that item's title to edit it.
 */
export interface AgendaFocus {
  readonly meetingId: string | null;
  readonly itemId: string | null;
}

const NO_AGENDA_FOCUS: AgendaFocus = { meetingId: null, itemId: null };

export type Phase =
  | { readonly name: 'loading' }
  | { readonly name: 'failed'; readonly error: AppError }
  | { readonly name: 'setup'; readonly units: readonly Unit[] }
  | { readonly name: 'ready'; readonly kiosk: ConfiguredKiosk };

export interface AppState {
  readonly phase: Phase;
  readonly screen: Screen;
  /** Screens to go back to, most recent last. Going home clears it. */
  readonly history: readonly Screen[];
  /** What the resident typed in the directory search: kept while they look at a result and come back. */
  readonly directoryQuery: string;
  readonly issueDraft: IssueDraft;
  readonly setIssueDraft: (change: Partial<IssueDraft>) => void;
  readonly enquiryFilter: EnquiryFilterDraft;
  readonly setEnquiryFilter: (change: Partial<EnquiryFilterDraft>) => void;
  readonly staff: StaffSession | null;
  /**
   * The forum an administrator works on in the forum and agenda tabs ('' until chosen: the kiosk's own).
   * A chair's forum is their account's, never this.
   */
  readonly forumChoice: string;
  readonly setForumChoice: (forumId: string) => void;
  readonly agendaFocus: AgendaFocus;
  readonly setAgendaFocus: (focus: AgendaFocus) => void;
  readonly display: DisplayPreferences;
  readonly setDisplay: (change: Partial<DisplayPreferences>) => void;
  /** Rises each time the screen is wiped, so forms remount empty even when already on the home screen. */
  readonly resets: number;
  // Actions are properties, not methods: components pick them out of the store unbound.
  readonly load: () => Promise<void>;
  readonly go: (screen: Screen) => void;
  readonly back: () => void;
  readonly setDirectoryQuery: (query: string) => void;
  readonly kioskConfigured: (kiosk: ConfiguredKiosk) => void;
  /** Re-reads the kiosk's settings (after an administrator changed them) without leaving the screen. */
  readonly refreshKiosk: () => Promise<void>;
  /** The kiosk's sync with the hub, shared by the staff bar and the Sync panel; null until read, and after sign-out. */
  readonly syncStatus: SyncStatus | null;
  /** Re-reads the sync status (after a setting changed, or on the staff screens' timer). */
  readonly refreshSync: () => Promise<void>;
  readonly syncStatusChanged: (status: SyncStatus) => void;
  readonly signedIn: (session: StaffSession) => void;
  readonly signOut: () => Promise<void>;
  /** Forgets everything a person entered: home screen, kiosk language, no staff session. */
  readonly wipe: () => Promise<void>;
}

export type AppStore = StoreApi<AppState>;

export function createAppStore(client: OnestopClient, i18n: i18n): AppStore {
  return createStore<AppState>()((set, get) => ({
    phase: { name: 'loading' },
    screen: { name: 'home' },
    history: [],
    directoryQuery: '',
    issueDraft: EMPTY_ISSUE,
    enquiryFilter: EMPTY_FILTER,
    staff: null,
    forumChoice: '',
    agendaFocus: NO_AGENDA_FOCUS,
    syncStatus: null,
    display: DEFAULT_DISPLAY,
    resets: 0,

    setForumChoice(forumChoice) {
      // Another forum's meetings are not this one's: the agenda tab starts again from its next meeting.
      set((state) => (state.forumChoice === forumChoice ? {} : { forumChoice, agendaFocus: NO_AGENDA_FOCUS }));
    },

    setAgendaFocus(agendaFocus) {
      set({ agendaFocus });
    },

    setEnquiryFilter(change) {
      set((state) => ({ enquiryFilter: { ...state.enquiryFilter, ...change } }));
    },

    setIssueDraft(change) {
      set((state) => ({ issueDraft: { ...state.issueDraft, ...change } }));
    },

    setDisplay(change) {
      set((state) => ({ display: { ...state.display, ...change } }));
    },

    async load() {
      set({ phase: { name: 'loading' } });
      const status = await client.kiosk.status();
      if (!status.ok) return set({ phase: { name: 'failed', error: status.error } });
      if (!status.value.configured) {
        const units = await client.units.list();
        if (!units.ok) return set({ phase: { name: 'failed', error: units.error } });
        return set({ phase: { name: 'setup', units: units.value } });
      }
      const session = await client.auth.session();
      await i18n.changeLanguage(status.value.defaultLanguage);
      set({
        phase: { name: 'ready', kiosk: status.value },
        staff: session.ok ? session.value : null,
        screen: session.ok && session.value ? { name: 'staff', section: 'enquiries' } : { name: 'home' },
      });
    },

    go(screen) {
      if (screen.name === 'home') return set({ screen, history: [], directoryQuery: '', issueDraft: EMPTY_ISSUE });
      // Staff tabs replace each other rather than piling up a history to go back through.
      if (screen.name === 'staff') return set({ screen, history: [] });
      set((state) => ({ screen, history: [...state.history, state.screen] }));
    },

    back() {
      set((state) => {
        const previous = state.history.at(-1);
        return previous
          ? { screen: previous, history: state.history.slice(0, -1) }
          : { screen: { name: 'home' }, history: [], directoryQuery: '', issueDraft: EMPTY_ISSUE };
      });
    },

    setDirectoryQuery(directoryQuery) {
      set({ directoryQuery });
    },

    kioskConfigured(kiosk) {
      void i18n.changeLanguage(kiosk.defaultLanguage);
      set({ phase: { name: 'ready', kiosk }, screen: { name: 'home' } });
    },

    async refreshKiosk() {
      const status = await client.kiosk.status();
      if (status.ok && status.value.configured) set({ phase: { name: 'ready', kiosk: status.value } });
    },

    async refreshSync() {
      const status = await client.sync.status();
      // Read only while someone is signed in: a sign-out meanwhile must not bring it back.
      if (status.ok && get().staff) set({ syncStatus: status.value });
    },

    syncStatusChanged(syncStatus) {
      set({ syncStatus });
    },

    signedIn(session) {
      set({ staff: session, screen: { name: 'staff', section: 'enquiries' }, history: [] });
    },

    async signOut() {
      await client.auth.signOut();
      set({
        staff: null,
        syncStatus: null,
        screen: { name: 'home' },
        history: [],
        enquiryFilter: EMPTY_FILTER,
        forumChoice: '',
        agendaFocus: NO_AGENDA_FOCUS,
      });
    },

    async wipe() {
      const { phase, staff } = get();
      if (staff) await client.auth.signOut();
      if (phase.name === 'ready') await i18n.changeLanguage(phase.kiosk.defaultLanguage);
      set((state) => ({
        staff: null,
        syncStatus: null,
        screen: { name: 'home' },
        history: [],
        directoryQuery: '',
        issueDraft: EMPTY_ISSUE,
        enquiryFilter: EMPTY_FILTER,
        forumChoice: '',
        agendaFocus: NO_AGENDA_FOCUS,
        display: DEFAULT_DISPLAY,
        resets: state.resets + 1,
      }));
    },
  }));
}
