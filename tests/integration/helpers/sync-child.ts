// A separate process that syncs one account's INBOX, for the test that kills
// it half-way (tests/integration/resume-sync.test.ts). Usage: <accountId>
import { getAccountById } from "@/lib/db/accounts";
import { syncMailbox } from "@/lib/mail/sync-mail";

const account = await getAccountById(process.argv[2]!);
if (!account) throw new Error("no such account");
await syncMailbox(account, "INBOX");
process.exit(0);
