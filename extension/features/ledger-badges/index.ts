// Kundereskontro: a case badge on each invoice row (case number, stage, agency balance, with a
// panel for the timeline and next step), "Send til inkasso" where a send can succeed (else the
// guard's reason), and what is with the agency per customer. Split by job: loader (chunks and
// retry), scheduler (when to render), placement (where), widgets (what), annotator (the page
// view's state and render diff), wiring (Go's page and its events), words (nb and en).
export { ledgerBadges } from './wiring';
