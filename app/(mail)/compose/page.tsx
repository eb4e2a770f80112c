// The compose screen: a saved draft (?draft=<id>), a reply / reply-all /
// forward / forward-as-attachment of ?reply=<message id>&mode=..., or a new message.
import type { Metadata } from "next";
import { z } from "zod";
import { requireAccount } from "@/lib/auth/session";
import { attachmentLimitBytes, listAttachments } from "@/lib/compose/attachment-store";
import { draftSchema } from "@/lib/compose/draft-input";
import { getDraft } from "@/lib/compose/drafts";
import { listIdentities } from "@/lib/compose/identities";
import { withSignature } from "@/lib/compose/signature";
import { isAppError } from "@/lib/errors";
import { getTranslator } from "@/lib/i18n/locale";
import { storedFailureText } from "@/lib/i18n/stored-failure";
import { getReplyDraft } from "@/lib/mail/get-reply-draft";
import { ComposeForm, type ComposeStart } from "@/app/ui/compose-form";
import { ErrorPanel } from "@/app/ui/error-panel";
import { userMessage } from "@/lib/i18n/user-message";

export const metadata: Metadata = { title: "Compose" };

const draftQuery = z.object({ draft: z.uuid() });
const replyQuery = z.object({ reply: z.string().regex(/^\d{1,18}$/), mode: z.enum(["reply", "all", "forward", "attach"]).default("reply") });

export default async function ComposePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const [account, t, query] = await Promise.all([requireAccount(), getTranslator(), searchParams]);
  const identities = await listIdentities(account);
  const identity = identities.find((i) => i.isDefault) ?? identities[0];
  const asDraft = draftQuery.safeParse(query);
  const asReply = replyQuery.safeParse(query);
  let start: ComposeStart;
  let title = t("compose.title");
  try {
    if (asDraft.success) {
      const draft = await getDraft(account.id, asDraft.data.draft);
      if (!draft) return <ErrorPanel title={t("errors.title")} message={t("serverErrors.draftGone")} retryHref="/compose" retryLabel={t("compose.title")} />;
      const attachments = await listAttachments(draft.id);
      start = { draftId: draft.id, values: draftSchema.parse(draft), attachments, lastError: await storedFailureText(draft.lastError, draft.lastErrorLocalized), revision: draft.revision };
    } else if (asReply.success) {
      const { mode } = asReply.data;
      const reply = await getReplyDraft(account, BigInt(asReply.data.reply), mode);
      title = mode === "attach" ? t("compose.forwardAttachTitle") : mode === "forward" ? t("compose.forwardTitle") : t("compose.replyTitle");
      start = {
        draftId: null,
        values: draftSchema.parse({
          identityId: identity?.id ?? null,
          to: reply.to,
          cc: reply.cc,
          subject: reply.subject,
          format: "html",
          bodyHtml: withSignature(reply.bodyHtml, identity?.signatureHtml ?? ""),
          bodyText: reply.body,
          inReplyTo: reply.inReplyTo,
          references: reply.references,
          originalId: reply.original || null,
        }),
        attachments: [],
        lastError: null,
        revision: 0,
        attachOriginal: mode === "attach" ? asReply.data.reply : undefined,
      };
    } else {
      start = {
        draftId: null,
        values: draftSchema.parse({ identityId: identity?.id ?? null, format: "html", bodyHtml: withSignature("", identity?.signatureHtml ?? "") }),
        attachments: [],
        lastError: null,
        revision: 0,
      };
    }
  } catch (error) {
    if (!isAppError(error)) throw error;
    return <ErrorPanel title={t("errors.title")} message={await userMessage(error, "open compose")} retryHref="/compose" retryLabel={t("compose.title")} />;
  }
  return (
    <div className="mx-auto flex min-h-full max-w-4xl flex-col gap-3 px-4 py-4">
      <h1 className="text-lg font-semibold">{title}</h1>
      {/* A new key per draft or reply: "Write another" starts from a clean form. */}
      <ComposeForm key={start.draftId ?? JSON.stringify(query)} start={start} identities={identities} limitBytes={attachmentLimitBytes()} />
    </div>
  );
}
