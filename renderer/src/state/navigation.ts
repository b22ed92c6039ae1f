import type { Body, TopicGroup } from '../../../shared/directory/topics';
import type { EnquiryReceipt } from '../../../shared/enquiries/model';

/** The resident tasks offered on the home screen. */
export const TASKS = ['findService', 'raiseIssue', 'checkIssue'] as const;
export type Task = (typeof TASKS)[number];

/** The parts of the staff screen, as tabs. */
export const STAFF_SECTIONS = ['enquiries', 'log', 'forum', 'agenda', 'directory', 'accounts', 'settings'] as const;
export type StaffSection = (typeof STAFF_SECTIONS)[number];

export type Screen =
  | { readonly name: 'home' }
  | { readonly name: 'directory' }
  | { readonly name: 'topicGroup'; readonly group: TopicGroup }
  | { readonly name: 'body'; readonly body: Body }
  | { readonly name: 'service'; readonly id: string }
  | { readonly name: 'raiseIssue' }
  | { readonly name: 'receipt'; readonly receipt: EnquiryReceipt }
  | { readonly name: 'checkIssue' }
  /** What personal data the kiosk holds and why (the purpose and consent ledger). */
  | { readonly name: 'privacy' }
  | { readonly name: 'signIn' }
  | { readonly name: 'staff'; readonly section: StaffSection }
  | { readonly name: 'enquiry'; readonly id: string };
