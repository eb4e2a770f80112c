import "server-only";
import type { ImapFlow } from "imapflow";
import { decodePath } from "imapflow/lib/tools.js";

/**
 * The parts of imapflow this module reaches past its public API for: it has
 * no NOTIFY command and drops unsolicited STATUS responses. `exec` sends a
 * command as given, and `untaggedHandlers` is where it dispatches untagged
 * responses no running command asked for.
 */
interface ImapFlowInternals {
  /** Resolves with the tagged reply; `next` lets imapflow read on (its public commands call it themselves). */
  exec(command: string, attributes: unknown[]): Promise<{ next?: () => void }>;
  untaggedHandlers: Record<string, ((untagged: { attributes?: { value?: unknown }[] }) => unknown) | null | undefined>;
}

const atom = (value: string) => ({ type: "ATOM", value });
const EVENTS = [atom("MessageNew"), atom("MessageExpunge"), atom("FlagChange")];

/**
 * Asks the server to report changes in every one of the user's mailboxes on
 * this connection (IMAP NOTIFY, RFC 5465), where it offers that: the open
 * folder keeps reporting as under IDLE (EXISTS, EXPUNGE, FETCH), and each
 * other folder that gains or loses a message or has a flag changed is named
 * in a STATUS response, passed to `onChange`. A burst of those (a move of many
 * messages) comes out as one call per folder. Call it right after opening the
 * folder; it returns false, changing nothing, when the server has no NOTIFY.
 */
export async function notifyOtherMailboxes(client: ImapFlow, onChange: (paths: string[]) => void): Promise<boolean> {
  if (!client.capabilities.has("NOTIFY")) return false;
  const internals = client as unknown as ImapFlowInternals;
  const changed = new Set<string>();
  internals.untaggedHandlers.STATUS = (untagged) => {
    const name = untagged.attributes?.[0]?.value;
    if (typeof name !== "string" && !Buffer.isBuffer(name)) return;
    if (!changed.size) {
      // The rest of the same read (one STATUS per message moved) joins this call.
      setImmediate(() => {
        const paths = [...changed];
        changed.clear();
        onChange(paths);
      });
    }
    changed.add(decodePath(client, name.toString()));
  };
  try {
    const reply = await internals.exec("NOTIFY", [atom("SET"), [atom("selected"), EVENTS], [atom("personal"), EVENTS]]);
    reply.next?.();
  } catch (error) {
    internals.untaggedHandlers.STATUS = null;
    console.error("[maeil] the server offers NOTIFY but refused it:", (error as Error).message);
    return false;
  }
  // A command sent this way does not re-arm imapflow's automatic IDLE; any public one does.
  await client.noop();
  return true;
}
