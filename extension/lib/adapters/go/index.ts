// The Go adapter: all the extension knows about PowerOffice GO's pages, one file per page.
export * from './common';
export * from './ledger';
export * from './utvidelser';
export * from './inkasso';
export * from './purring';
