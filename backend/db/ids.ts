// Row ids for the tables the sync fills in bulk (cases, their claims, events, letters, debtors):
// UUID version 7 (RFC 9562), the time first. A random (version 4) id lands anywhere in its
// table's primary-key index, so every transaction of the sync rewrote pages all over the index:
// about six times the database's size written per first sync. Ids that grow with time are
// appended at the index's end, which a batch insert writes once (docs/scaling.md has the figures).
// The time is the caller's clock; within one millisecond (or a fixed test clock) a counter keeps
// the ids of this isolate increasing, and 62 random bits keep two isolates' ids apart.

let lastMs = 0;
let sequence = 0;

const hex = (value: number, width: number) => value.toString(16).padStart(width, '0');

/** A new time-ordered id for a row written at `at` (the caller's clock). */
export function rowId(at: Date | string): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`rowId: not a time: ${String(at)}`);
  // Never backwards: a clock set back, or a counter run out within one millisecond, borrows the
  // next millisecond (RFC 9562, 6.2 method 1) so the ids stay in order.
  if (ms > lastMs) {
    lastMs = ms;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    lastMs++;
    sequence = 0;
  }
  const random = crypto.getRandomValues(new Uint8Array(8));
  const time = hex(lastMs, 12);
  const tail = Array.from(random.subarray(2), (b) => hex(b, 2)).join('');
  // version 7 in the 13th digit, variant 10xx in the 17th.
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(sequence, 3)}-${hex(0x80 | (random[0]! & 0x3f), 2)}${hex(random[1]!, 2)}-${tail}`;
}
