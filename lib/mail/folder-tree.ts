/** A folder as the sidebar draws it: in order, with its depth in the hierarchy. */
export interface FolderNode {
  path: string;
  name: string;
  specialUse: string | null;
  depth: number;
  selectable: boolean;
  unreadCount: number;
  totalCount: number;
}

/** Mail clients agree on this order for the special folders (RFC 6154 names). */
const SPECIAL_ORDER = ["\\Inbox", "\\Drafts", "\\Sent", "\\Archive", "\\Junk", "\\Trash"];

type FolderLike = Omit<FolderNode, "depth"> & { parentPath: string | null };

/**
 * Orders folders the way people expect: Inbox, Drafts, Sent, Archive, Junk,
 * Trash first, then the rest alphabetically, each followed by its children.
 */
export function buildFolderTree(folders: FolderLike[]): FolderNode[] {
  const rank = (f: FolderLike) => {
    const i = f.specialUse ? SPECIAL_ORDER.indexOf(f.specialUse) : -1;
    return i === -1 ? SPECIAL_ORDER.length : i;
  };
  const byParent = new Map<string | null, FolderLike[]>();
  const paths = new Set(folders.map((f) => f.path));
  for (const folder of folders) {
    // A child whose parent is not listed is shown at the top level rather than lost.
    const parent = folder.parentPath && paths.has(folder.parentPath) ? folder.parentPath : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), folder]);
  }
  const out: FolderNode[] = [];
  const visit = (parent: string | null, depth: number) => {
    const children = (byParent.get(parent) ?? []).sort(
      (a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, undefined, { sensitivity: "base" }),
    );
    for (const f of children) {
      // Only what the sidebar draws: the records also carry sync state that the browser has no use for.
      out.push({ path: f.path, name: f.name, specialUse: f.specialUse, depth, selectable: f.selectable, unreadCount: f.unreadCount, totalCount: f.totalCount });
      visit(f.path, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}
