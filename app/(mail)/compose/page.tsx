// The compose screen: a new message, or a reply / reply-all / forward of ?reply=<message id>&mode=...
import type { Metadata } from "next";
import { z } from "zod";
import { requireAccount } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { getTranslator } from "@/lib/i18n/locale";
import { getReplyDraft } from "@/lib/mail/get-reply-draft";
import { ComposeForm } from "@/app/ui/compose-form";
import { ErrorPanel } from "@/app/ui/error-panel";

export const metadata: Metadata = { title: "Compose" };

const replyQuery = z.object({ reply: z.string().regex(/^\d{1,18}$/), mode: z.enum(["reply", "all", "forward"]).default("reply") });

export default async function ComposePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const [account, t, query] = await Promise.all([requireAccount(), getTranslator(), searchParams]);
  const reply = replyQuery.safeParse(query);
  let initial;
  if (reply.success) {
    try {
      initial = await getReplyDraft(account, BigInt(reply.data.reply), reply.data.mode);
    } catch (error) {
      if (!isAppError(error)) throw error;
      return <ErrorPanel title={t("errors.title")} message={error.message} retryHref="/compose" retryLabel={t("compose.title")} />;
    }
  }
  const title = !reply.success ? t("compose.title") : reply.data.mode === "forward" ? t("compose.forwardTitle") : t("compose.replyTitle");
  return (
    <div className="mx-auto flex min-h-full max-w-4xl flex-col gap-3 px-4 py-4">
      <h1 className="text-lg font-semibold">{title}</h1>
      <ComposeForm from={account.displayName ? `${account.displayName} <${account.email}>` : account.email} initial={initial} />
    </div>
  );
}
