import type { Body, TopicGroup } from '../../../shared/directory/topics';

/** The resident tasks offered on the home screen. */
export const TASKS = ['findService', 'raiseIssue', 'checkIssue'] as const;
export type Task = (typeof TASKS)[number];

export type Screen =
  | { readonly name: 'home' }
  | { readonly name: 'task'; readonly task: Task }
  | { readonly name: 'directory' }
  | { readonly name: 'topicGroup'; readonly group: TopicGroup }
  | { readonly name: 'body'; readonly body: Body }
  | { readonly name: 'service'; readonly id: string }
  | { readonly name: 'signIn' }
  | { readonly name: 'staff' };
