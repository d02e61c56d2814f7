// The letters the process sent (inkassovarsel, betalingsoppfordring), stored as data and rendered
// as PDF on request (pdf-lib, A4, lines wrapped to the page width).
import { asc, eq } from 'drizzle-orm';
import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';
import type { AppDeps } from '../../deps';
import type { Tx } from '../../db/client';
import { letters } from '../../db/schema';
import { letterLines, type LetterContent, type LetterKind } from '../../domain/letter-content';
import { rowId } from '../../db/ids';

export type LetterRow = typeof letters.$inferSelect;

/** Stores a letter once (its external reference is unique): a rerun of a step stores nothing. */
export async function storeLetter(tx: Tx, l: { caseId: string; creditorId: string; kind: LetterKind; sentAt: string; deadline: string; content: LetterContent; invoiceNos: number[]; externalRef: string; now: string }): Promise<void> {
  await tx
    .insert(letters)
    .values({ id: rowId(l.now), caseId: l.caseId, creditorId: l.creditorId, invoiceNos: l.invoiceNos, kind: l.kind, sentAt: l.sentAt, deadline: l.deadline, content: l.content, externalRef: l.externalRef, createdAt: l.now })
    .onConflictDoNothing();
}

export async function lettersOf(deps: AppDeps, caseId: string) {
  const rows = await deps.db.select().from(letters).where(eq(letters.caseId, caseId)).orderBy(asc(letters.sentAt), asc(letters.createdAt));
  return rows.map((r) => ({ id: r.id, kind: r.kind, sentAt: r.sentAt, deadline: r.deadline, invoiceNos: r.invoiceNos, content: r.content as LetterContent, pdfUrl: `/api/v1/letters/${r.id}.pdf` }));
}

export async function letterById(deps: AppDeps, id: string): Promise<LetterRow | null> {
  const [row] = await deps.db.select().from(letters).where(eq(letters.id, id));
  return row ?? null;
}

/** pdf-lib's standard fonts are WinAnsi: keep Norwegian letters, replace anything else. */
const winAnsi = (s: string) => s.replace(/\u2212/g, '-').replace(/[\u2013\u2014]/g, '-').replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, '?');

/** Splits a line into pieces no wider than `width` at `size`, breaking at spaces (a word wider than
 *  the line is cut). */
export function wrap(text: string, font: Pick<PDFFont, 'widthOfTextAtSize'>, size: number, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width) {
      line = next;
      continue;
    }
    if (line) out.push(line);
    let w = word;
    while (font.widthOfTextAtSize(w, size) > width) {
      let cut = w.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(w.slice(0, cut), size) > width) cut--;
      out.push(w.slice(0, cut));
      w = w.slice(cut);
    }
    line = w;
  }
  out.push(line);
  return out;
}

export async function letterPdf(content: LetterContent): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`${content.title} ${content.sentAt} ${content.debtor.name}`);
  doc.setCreator(content.agency.name);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const headings = new Set([content.title, 'Kravet', 'Beløpet', 'Renter', 'Hvis du ikke betaler', 'Klage']);
  let page = doc.addPage([595, 842]);
  let y = 800;
  const margin = 50;
  const width = 595 - 2 * margin;
  for (const raw of letterLines(content)) {
    const f = headings.has(raw) ? bold : font;
    const size = raw === content.title ? 18 : headings.has(raw) ? 12 : 10;
    for (const line of raw === '' ? [''] : wrap(winAnsi(raw), f, size, width)) {
      if (y < 50) {
        page = doc.addPage([595, 842]);
        y = 800;
      }
      if (line) page.drawText(line, { x: margin, y, size, font: f });
      y -= size + 4;
    }
  }
  return doc.save();
}
