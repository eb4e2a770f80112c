import "server-only";
import type { ImapFlow } from "imapflow";
import { imapLoginFor } from "@/lib/auth/account-credentials";
import type { AccountRecord } from "@/lib/db/accounts";
import { withPooledImap } from "@/lib/imap/pool";

/** Runs IMAP work as the account's owner, on one of its pooled connections. */
export function withAccountImap<T>(account: AccountRecord, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  return withPooledImap(imapLoginFor(account), work);
}
