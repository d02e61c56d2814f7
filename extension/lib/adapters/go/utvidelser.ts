// Innstillinger → Utvidelser: the client's extensions and which agencies may create new cases.
import { bodyRowsOf, cellAt, cellText, columnIndex, fetchGoPage, findTable, mainContainer, readClient, selectors, type GoClientInfo, type PageFetch } from './common';

export const extensionHeaders = { name: 'Utvidelse', kind: 'Type', active: 'Aktiv', canCreate: 'Inkassobyrå kan opprette nye saker' } as const;

export type GoExtension = { name: string; kind: string; active: boolean; canCreateCases: boolean };

export function findExtensionsTable(root: ParentNode): HTMLTableElement | null {
  return findTable(root, [extensionHeaders.name, extensionHeaders.canCreate]);
}

export function readExtensions(table: HTMLTableElement): GoExtension[] {
  const cols = columnIndex(table);
  const yes = (t: string) => /^(ja|yes|✓|x)$/i.test(t);
  return bodyRowsOf(table)
    .filter((row) => !row.matches(selectors.ours))
    .map((row) => ({
      name: cellText(cellAt(row, cols.get(extensionHeaders.name))),
      kind: cellText(cellAt(row, cols.get(extensionHeaders.kind))),
      active: yes(cellText(cellAt(row, cols.get(extensionHeaders.active)))),
      canCreateCases: yes(cellText(cellAt(row, cols.get(extensionHeaders.canCreate)))),
    }))
    .filter((e) => e.name);
}

/** Collection agency extensions that may create new cases right now. */
export function agenciesCreatingCases(extensions: GoExtension[]): GoExtension[] {
  return extensions.filter((e) => /inkasso/i.test(e.kind) && e.active && e.canCreateCases);
}

export type UtvidelserReading =
  | { ok: true; url: string; client: GoClientInfo; extensions: GoExtension[] }
  | { ok: false; reason: 'wrong_client' | 'unreachable' | 'unexpected_page'; message: null; fallbackUrl: string };

/** Reads Go's Utvidelser page at `url` in the accountant's session (a page of Go's own origin),
 *  and only when the page is the client with `orgNo` (Go's header says which client it shows). */
export async function readUtvidelser(fetcher: PageFetch, url: string, orgNo: string, signal?: AbortSignal): Promise<UtvidelserReading> {
  const doc = await fetchGoPage(fetcher, url, signal);
  if (!doc) return { ok: false, reason: 'unreachable', message: null, fallbackUrl: url };
  const client = readClient(doc);
  if (!client) return { ok: false, reason: 'unexpected_page', message: null, fallbackUrl: url };
  if (client.orgNo !== orgNo) return { ok: false, reason: 'wrong_client', message: null, fallbackUrl: url };
  const table = findExtensionsTable(mainContainer(doc));
  if (!table) return { ok: false, reason: 'unexpected_page', message: null, fallbackUrl: url };
  return { ok: true, url, client, extensions: readExtensions(table) };
}
