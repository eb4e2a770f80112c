// A separate process that runs the second pass of a sync (snippets, attachment
// markers, search vectors) on one account's INBOX in small batches, for the
// test that kills it half-way (tests/integration/two-pass-sync.test.ts).
// Usage: <accountId> <batch>
import { getAccountById } from "@/lib/db/accounts";
import { fillFolderDetails } from "@/lib/mail/sync-mail";

const account = await getAccountById(process.argv[2]!);
if (!account) throw new Error("no such account");
await fillFolderDetails(account, "INBOX", { batch: Number(process.argv[3] ?? 10) });
process.exit(0);
