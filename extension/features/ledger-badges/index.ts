// Kundereskontro: a case badge on each invoice row (case number, stage, agency balance, with a
// panel for the timeline and next step), "Send til inkasso" where a send can succeed (else the
// guard's reason), and what is with the agency per customer. Split by job: wiring (Go's page and
// its events), annotator (one page view: load, refresh, render, coordinated), loader (chunks and
// retry), statuses (what is known of each invoice and case), scheduler (when to render), render
// (the diff over the rows near the viewport), placement (where), invoice-row (what an invoice's
// item shows), widgets (the pieces, from text), popover (open, close, Escape, focus), panels (a
// case's, the guard's), send-flow (ask, send, answer), customer-menu (the customer's collection
// setting), sums (what is with the agency per customer), trouble (the banner when the backend
// cannot be had), words (nb and en).
export { ledgerBadges } from './wiring';
