export { replaceServices, deleteAllServices, indexService, rebuildServiceSearch, serviceSearchText } from './write';
export type { WriteMode, WriteOptions, WriteSummary, ServiceSearchText } from './write';
export { readServices, countServices } from './read';
export { importOrukJson, importOrukCsv, type ImportOptions } from './import';
export { exportOrukJson, exportOrukCsv } from './export';
