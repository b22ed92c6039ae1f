// better-sqlite3-multiple-ciphers ships typings its package.json "exports" does not expose; its API is
// better-sqlite3's, whose typings (@types/better-sqlite3) describe it.
declare module 'better-sqlite3-multiple-ciphers' {
  import BetterSqlite3 from 'better-sqlite3';
  export default BetterSqlite3;
}
