// The case sync lives in backend/modules/sync/ (one file per job: mirror.ts, open-cases.ts,
// matching.ts, status.ts, the run in run.ts, the daily job in daily.ts); this file keeps the
// import path the routes and tests use.
export { CreditorNotFound, lastSync, syncCreditor, type SyncOptions, type SyncResult, type SyncTrigger } from '../modules/sync/run';
export { mirrorInvoices } from '../modules/sync/mirror';
export { pushStatus } from '../modules/sync/status';
export { remittanceReferencePrefix } from '../domain/references';
