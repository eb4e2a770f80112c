// Rows of a folder or of search results, from the cache's message summaries:
// turned into plain list rows here, on the server, and shown by the
// virtualised list (the folder screen uses app/ui/folder-view.tsx directly).
import type { MessageSummary } from "@/lib/db/messages";
import { toListRow } from "@/lib/mail/list-messages";
import type { MessageListLabels } from "./message-row";
import { VirtualMessageList } from "./virtual-message-list";

export type { MessageListLabels } from "./message-row";

/** A row to show; search results carry the folder each message is in. */
type Row = MessageSummary & { folderPath?: string; folderLabel?: string };

export function MessageList({ path, messages, labels }: { path?: string; messages: Row[]; labels: MessageListLabels }) {
  const rows = messages.map((m) =>
    toListRow(m, m.folderPath !== undefined ? { folder: m.folderPath, folderLabel: m.folderLabel ?? m.folderPath } : undefined),
  );
  return <VirtualMessageList rows={rows} labels={labels} folder={path} />;
}
