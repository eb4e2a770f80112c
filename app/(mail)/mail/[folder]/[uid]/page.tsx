// The reader: decoded headers, the sanitised body, attachments. Opening marks the message read.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAccount } from "@/lib/auth/session";
import { getFolder, getSpecialFolder } from "@/lib/db/folders";
import { isAppError } from "@/lib/errors";
import { getTranslator } from "@/lib/i18n/locale";
import { folderFromParam, folderHref, messageHref } from "@/lib/mail/folder-url";
import { isSafeInlineType } from "@/lib/mail/content-disposition";
import { canChooseBodyView, chooseBodyView } from "@/lib/mail/body-view";
import { getAttachedMessages } from "@/lib/mail/get-attached-messages";
import { getMessage, partUrl } from "@/lib/mail/get-message";
import { loadsRemoteContentFrom } from "@/lib/mail/remote-content";
import { formatAddress } from "@/lib/mime/addresses";
import { BodyViewToggle } from "@/app/ui/body-view-toggle";
import { EditDraftButton } from "@/app/ui/edit-draft-button";
import { ErrorPanel } from "@/app/ui/error-panel";
import { BackIcon, PaperclipIcon } from "@/app/ui/icons";
import { ListDate } from "@/app/ui/list-date";
import { MessageFrame } from "@/app/ui/message-frame";
import { PdfPreview } from "@/app/ui/pdf-preview";
import { PlainTextBody } from "@/app/ui/plain-text-body";
import { ReaderActions } from "@/app/ui/reader-actions";
import { ReaderReceipts } from "@/app/ui/reader-receipts";
import { userMessage } from "@/lib/i18n/user-message";

interface Props {
  params: Promise<{ folder: string; uid: string }>;
  searchParams: Promise<{ view?: string | string[] }>;
}

export const metadata: Metadata = { title: "Message" };

/** Larger images are only offered for download: a preview should not cost a big transfer. */
const MAX_PREVIEW_BYTES = 10 * 1024 * 1024;

const formatSize = (bytes: number) =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export default async function MessagePage({ params, searchParams }: Props) {
  const raw = await params;
  const path = folderFromParam(raw.folder);
  const uid = Number(raw.uid);
  if (!Number.isSafeInteger(uid) || uid <= 0) notFound();
  const [account, t] = await Promise.all([requireAccount(), getTranslator()]);
  let message;
  try {
    message = await getMessage(account, path, uid);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    if (!isAppError(error)) throw error;
    return <ErrorPanel title={t("errors.title")} message={await userMessage(error, "open message")} retryHref={messageHref(path, uid)} retryLabel={t("errors.retry")} />;
  }
  const body = message.body;
  const view = chooseBodyView((await searchParams).view, body);
  const [folder, archive, junk] = await Promise.all([
    getFolder(account.id, path), getSpecialFolder(account.id, "\\Archive"), getSpecialFolder(account.id, "\\Junk"),
  ]);
  // A forward's attached message is shown in place; if the server cannot send it now, it stays a download.
  const attached = await getAttachedMessages(account, path, message).catch(() => []);
  const attachments = body?.attachments.filter((a) => !a.inline) ?? [];
  const people = (list: { name: string; address: string }[]) => list.map(formatAddress).join(", ");

  return (
    <article className="mx-auto flex min-h-full max-w-5xl flex-col gap-4 px-4 py-4">
      <div className="flex items-center justify-between gap-2">
        <Link href={folderHref(path)} className="flex items-center gap-1 rounded-md px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-200">
          <BackIcon width={16} height={16} /> {t("reader.back", { folder: path === "INBOX" ? t("folders.\\Inbox") : path })}
        </Link>
        <div className="flex flex-wrap items-center justify-end gap-1">
          {folder?.specialUse === "\\Drafts" && <EditDraftButton messageId={String(message.id)} />}
          {(["reply", "all", "forward", "attach"] as const).map((mode) => (
            <Link key={mode} href={`/compose?reply=${message.id}&mode=${mode}`}
              className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-200">
              {t(mode === "reply" ? "reader.reply" : mode === "all" ? "reader.replyAll" : mode === "forward" ? "reader.forward" : "reader.forwardAttached")}
            </Link>
          ))}
          <ReaderActions path={path} uid={uid} flagged={message.flagged} specialUse={folder?.specialUse ?? null}
            canArchive={Boolean(archive)} canJunk={Boolean(junk)} />
          <a href={`/api/messages/${message.id}/source`} target="_blank" rel="noopener noreferrer"
            className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-200">{t("reader.showOriginal")}</a>
          <a href={`/api/messages/${message.id}/source?download=1`}
            className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-200">{t("reader.downloadEml")}</a>
        </div>
      </div>
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold break-words">{message.subject || t("list.noSubject")}</h1>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
          <dt className="text-slate-500">{t("reader.from")}</dt>
          <dd className="break-all"><span className="font-semibold">{message.fromName}</span> {message.fromAddress && <span className="text-slate-600">&lt;{message.fromAddress}&gt;</span>}</dd>
          {message.to.length > 0 && (<><dt className="text-slate-500">{t("reader.to")}</dt><dd className="break-all">{people(message.to)}</dd></>)}
          {message.cc.length > 0 && (<><dt className="text-slate-500">{t("reader.cc")}</dt><dd className="break-all">{people(message.cc)}</dd></>)}
          <dt className="text-slate-500">{t("reader.date")}</dt>
          <dd><ListDate iso={(message.sentAt ?? message.receivedAt).toISOString()} full /></dd>
        </dl>
      </header>
      <ReaderReceipts account={account} path={path} message={message} specialUse={folder?.specialUse ?? null} />
      {canChooseBodyView(body) && <BodyViewToggle messageHref={messageHref(path, uid)} view={view} />}
      {body?.html && view === "html" ? (
        <MessageFrame messageId={String(message.id)} hasRemoteContent={body.hasRemoteContent} sender={message.fromAddress}
          senderTrusted={body.hasRemoteContent && (await loadsRemoteContentFrom(account, message.fromAddress))} />
      ) : body?.text ? (
        <PlainTextBody text={body.text} showQuoted={(lines) => t("reader.showQuoted", { lines })} />
      ) : (
        <p className="text-sm text-slate-500">{t("reader.noBody")}</p>
      )}
      {attached.map((inner) => (
        <section key={inner.part} aria-label={t("reader.attachedMessage")} className="rounded-md border border-slate-300 bg-slate-50 p-4">
          <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t("reader.attachedMessage")}</h2>
          <p className="mt-1 font-semibold break-words">{inner.subject || t("list.noSubject")}</p>
          <p className="text-sm text-slate-600 break-all">
            {inner.from ? formatAddress(inner.from) : ""}
            {inner.date && <> · <ListDate iso={inner.date.toISOString()} full /></>}
          </p>
          {inner.text && (
            <div className="mt-3">
              <PlainTextBody text={inner.text} showQuoted={(lines) => t("reader.showQuoted", { lines })} testId="attached-message-text" />
            </div>
          )}
          {inner.attachmentNames.length > 0 && (
            <p className="mt-2 text-xs text-slate-600">{t("reader.attachments", { count: inner.attachmentNames.length })}: {inner.attachmentNames.join(", ")}</p>
          )}
        </section>
      ))}
      {attachments.length > 0 && (
        <section aria-label={t("reader.attachments", { count: attachments.length })} className="space-y-2">
          <h2 className="text-sm font-semibold text-slate-700">{t("reader.attachments", { count: attachments.length })}</h2>
          <ul className="flex flex-wrap gap-2">
            {attachments.map((a) => (
              <li key={a.part} className="flex flex-col overflow-hidden rounded-md border border-slate-300 bg-white">
                {isSafeInlineType(a.contentType) && a.size <= MAX_PREVIEW_BYTES && (
                  // A preview of plain images only (served from our origin with nosniff; never SVG or HTML).
                  <a href={partUrl(message.id, a.part)} target="_blank" rel="noopener noreferrer" className="block bg-slate-100">
                    <img src={partUrl(message.id, a.part)} alt={a.filename} loading="lazy" className="h-32 w-48 object-contain" />
                  </a>
                )}
                <a href={`${partUrl(message.id, a.part)}?download=1`} download={a.filename}
                  className="flex items-center gap-2 px-3 py-2 text-sm hover:bg-slate-100">
                  <PaperclipIcon width={15} height={15} />
                  <span className="max-w-64 truncate">{a.filename}</span>
                  <span className="text-xs text-slate-500">{formatSize(a.size)}</span>
                </a>
                <PdfPreview url={partUrl(message.id, a.part)} filename={a.filename} contentType={a.contentType} size={a.size} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
