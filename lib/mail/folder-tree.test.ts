import { describe, expect, it } from "vitest";
import { buildFolderTree } from "./folder-tree";

const folder = (path: string, specialUse: string | null = null, parentPath: string | null = null) => ({
  path, name: path.split("/").pop()!, specialUse, parentPath, selectable: true, unreadCount: 0, totalCount: 0,
});

describe("buildFolderTree", () => {
  it("puts special folders first in the conventional order, then the rest alphabetically", () => {
    const tree = buildFolderTree([
      folder("Trash", "\\Trash"), folder("zeta"), folder("Sent", "\\Sent"), folder("Alpha"),
      folder("INBOX", "\\Inbox"), folder("Junk", "\\Junk"), folder("Drafts", "\\Drafts"), folder("Archive", "\\Archive"),
    ]);
    expect(tree.map((f) => f.path)).toEqual(["INBOX", "Drafts", "Sent", "Archive", "Junk", "Trash", "Alpha", "zeta"]);
  });

  it("nests children under their parent with a depth", () => {
    const tree = buildFolderTree([
      folder("Projects/maeil", null, "Projects"), folder("Projects"), folder("INBOX", "\\Inbox"), folder("Projects/a/b", null, "Projects/a"), folder("Projects/a", null, "Projects"),
    ]);
    expect(tree.map((f) => [f.path, f.depth])).toEqual([
      ["INBOX", 0], ["Projects", 0], ["Projects/a", 1], ["Projects/a/b", 2], ["Projects/maeil", 1],
    ]);
  });

  it("keeps an orphan whose parent is not listed", () => {
    expect(buildFolderTree([folder("x/y", null, "x")]).map((f) => [f.path, f.depth])).toEqual([["x/y", 0]]);
  });

  it("passes on only what the sidebar draws, not the records' sync state", () => {
    const record = { ...folder("INBOX", "\\Inbox"), uidValidity: 7n, highestModseq: 9n, syncedAt: new Date() };
    const [node] = buildFolderTree([record]);
    expect(node).toEqual({ path: "INBOX", name: "INBOX", specialUse: "\\Inbox", depth: 0, selectable: true, unreadCount: 0, totalCount: 0 });
  });
});
