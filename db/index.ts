export * from './driver';
export * from './migrate';
export * from './settings';
export * from './units';
export * from './staff';
export * from './directory';
export * from './enquiries';
export { MIGRATIONS, type Migration } from './migrations';
