// Innstillinger → Utvidelser: the client's extensions and which agencies may create new cases.
import { bodyRowsOf, cellAt, cellText, columnIndex, findTable, selectors } from './common';

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
