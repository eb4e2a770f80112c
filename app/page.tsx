// "/" sends a signed-in user to the Inbox and everyone else to sign-in.
import { redirect } from "next/navigation";
import { currentAccount } from "@/lib/auth/session";
import { folderHref } from "@/lib/mail/folder-url";

export default async function Home() {
  redirect((await currentAccount()) ? folderHref("INBOX") : "/login");
}
