import "server-only";
import type { ImapFlow } from "imapflow";
import { imapLoginFor } from "@/lib/auth/account-credentials";
import type { AccountRecord } from "@/lib/db/accounts";
import { withImap } from "@/lib/imap/connect";

/** Runs IMAP work as the account's owner (one connection, logged out afterwards). */
export function withAccountImap<T>(account: AccountRecord, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  return withImap(imapLoginFor(account), work);
}
