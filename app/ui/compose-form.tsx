"use client";
// Writing a message. What the user typed lives in this component's state and
// is saved as a draft every few seconds (use-autosave.ts), so a failed send,
// a closed tab or a server restart loses at most the last few seconds.
// Sending goes through the outbox: undo window, scheduled time, retries.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { useFormatter, useTranslations } from "use-intl";
import { sendDraftAction, startDraftAction } from "@/app/(mail)/compose/actions";
import type { AttachmentInfo } from "@/lib/compose/attachment-limit";
import { uploadInlineImage } from "@/lib/compose/attachment-upload";
import type { DraftInput } from "@/lib/compose/draft-input";
import { swapSignature } from "@/lib/compose/signature";
import { AttachmentPanel } from "./compose/attachment-panel";
import { BodyEditor } from "./compose/body-editor";
import { IdentityPicker, type IdentityOption } from "./compose/identity-picker";
import { RecipientInput } from "./compose/recipient-input";
import { SendProgress, type QueuedSend } from "./compose/send-progress";
import { ScheduleSend } from "./compose/schedule-send";
import { useAutosave } from "./compose/use-autosave";

/** Where the form starts: a saved draft, or a new message / reply / forward not saved yet. */
export interface ComposeStart {
  draftId: string | null;
  values: DraftInput;
  attachments: AttachmentInfo[];
  /** Why the last send of this draft failed. */
  lastError: string | null;
  /** The saved revision the values come from (0 for a draft not saved yet). */
  revision: number;
  /** "Forward as attachment": our id of the message to attach when the draft is created. */
  attachOriginal?: string;
}

type Errors = Record<string, string[] | undefined>;

export function ComposeForm({ start, identities, limitBytes }: { start: ComposeStart; identities: IdentityOption[]; limitBytes: number }) {
  const t = useTranslations("compose");
  const format = useFormatter();
  const [values, setValues] = useState<DraftInput>(start.values);
  const [version, setVersion] = useState(0);
  const [draftId, setDraftId] = useState(start.draftId);
  const [attachments, setAttachments] = useState(start.attachments);
  const [showCc, setShowCc] = useState(Boolean(start.values.cc || start.values.bcc));
  const [errors, setErrors] = useState<Errors>({});
  const [notice, setNotice] = useState<{ kind: "error" | "info"; text: string } | null>(start.lastError ? { kind: "error", text: `${t("lastError")} ${start.lastError}` } : null);
  const [queued, setQueued] = useState<QueuedSend | null>(null);
  const [sending, setSending] = useState(false);
  const router = useRouter();
  // Bumped to give the editor new content from outside (it keeps its own document otherwise).
  const [editorKey, setEditorKey] = useState(0);
  const edits = useRef(0);

  // A reload can overtake the old page's last save (sent with keepalive as it closed). Ask once
  // more shortly after opening, and take that save if the user has not started typing yet.
  useEffect(() => {
    if (!start.draftId) return;
    const timer = setTimeout(async () => {
      const response = await fetch(`/api/drafts/${start.draftId}`).catch(() => null);
      const saved = response?.ok ? ((await response.json()) as { revision: number; values: DraftInput }) : null;
      if (!saved || saved.revision <= start.revision) return;
      if (edits.current !== 0) return;
      setValues(saved.values);
      setEditorKey((k) => k + 1);
    }, 1500);
    return () => clearTimeout(timer);
  }, [start.draftId, start.revision]);

  const create = useCallback(async (v: DraftInput) => {
    const result = await startDraftAction(v, start.attachOriginal);
    if (!result.ok) throw new Error(result.message);
    setDraftId(result.draftId);
    // A reload from here on reopens this draft.
    window.history.replaceState(null, "", `/compose?draft=${result.draftId}`);
    return result.draftId;
  }, [start.attachOriginal]);
  const autosave = useAutosave({ draftId, values, version, create, enabled: !queued });

  const update = (patch: Partial<DraftInput>) => {
    edits.current += 1;
    setValues((v) => ({ ...v, ...patch }));
    setVersion((n) => n + 1);
  };
  const ensureDraftId = async () => (await autosave.flush())!;

  const currentIdentity = identities.find((i) => i.id === values.identityId) ?? identities.find((i) => i.isDefault);
  /** A new From brings its signature: the old one is swapped where it still stands unchanged. */
  const changeIdentity = (id: string) => {
    const next = identities.find((i) => i.id === id);
    const swapped = next && currentIdentity ? swapSignature(values.bodyHtml, currentIdentity.signatureHtml, next.signatureHtml) : null;
    update(swapped === null ? { identityId: id } : { identityId: id, bodyHtml: swapped });
    if (swapped !== null) setEditorKey((k) => k + 1);
  };

  const send = async (sendAt: string | null) => {
    setSending(true);
    setErrors({});
    setNotice(null);
    try {
      const id = await ensureDraftId();
      const result = await sendDraftAction({ draftId: id, sendAt });
      if (!result.ok) {
        setErrors(result.errors ?? {});
        setNotice({ kind: "error", text: result.message });
        if (result.errors?.cc || result.errors?.bcc) setShowCc(true);
        return;
      }
      setQueued({ submissionId: result.submissionId, sendAt: result.sendAt, scheduled: sendAt !== null });
    } catch (error) {
      setNotice({ kind: "error", text: error instanceof Error ? error.message : String(error) });
    } finally {
      setSending(false);
    }
  };

  const discard = async () => {
    if (!window.confirm(t("discardConfirm"))) return;
    if (draftId) {
      const response = await fetch(`/api/drafts/${draftId}`, { method: "DELETE" });
      if (!response.ok && response.status !== 404) {
        const body = (await response.json().catch(() => null)) as { error?: string } | null;
        return setNotice({ kind: "error", text: body?.error ?? t("serverAnswered", { status: response.status }) });
      }
    }
    router.push("/mail/INBOX");
  };

  const onReturned = useCallback((reason: { undone: boolean; status?: { lastError: string | null; rejected: { address: string; reply: string }[] } }) => {
    setQueued(null);
    if (reason.undone) return setNotice({ kind: "info", text: t("undone") });
    const rejected = reason.status?.rejected ?? [];
    setNotice({ kind: "error", text: `${t("lastError")} ${reason.status?.lastError ?? ""}` });
    if (rejected.length) setErrors({ to: rejected.map((r) => `${r.address}: ${r.reply}`) });
  }, [t]);

  if (queued) return <SendProgress queued={queued} onReturned={onReturned} />;

  const saveLine =
    autosave.state.kind === "saving" ? t("saving")
    : autosave.state.kind === "saved" ? t("saved", { time: format.dateTime(autosave.state.at, { timeStyle: "short" }) })
    : autosave.state.kind === "error" ? t("saveFailed", { error: autosave.state.message })
    : "";

  const recipients = (field: "to" | "cc" | "bcc") => (
    <RecipientInput field={field} label={t(field)} value={values[field]} onChange={(value) => update({ [field]: value })}
      serverErrors={errors[field]} autoFocus={field === "to" && !values.to} />
  );

  return (
    <form onSubmit={(e) => { e.preventDefault(); void send(null); }}
      className="flex flex-1 flex-col rounded-xl border border-slate-200 bg-white px-4 shadow-sm" data-testid="compose-form" data-draft-id={draftId ?? ""}>
      <div className="flex items-center gap-3 border-b border-slate-200 py-2 text-sm">
        <span className="w-20 shrink-0 text-slate-500">{t("from")}</span>
        <IdentityPicker identities={identities} value={currentIdentity?.id ?? ""} onChange={changeIdentity} />
      </div>
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1">{recipients("to")}</div>
        {!showCc && (
          <button type="button" onClick={() => setShowCc(true)} className="shrink-0 py-2 text-sm text-slate-600 hover:underline">{t("showCcBcc")}</button>
        )}
      </div>
      {showCc && (<>{recipients("cc")}{recipients("bcc")}</>)}
      <label className="flex items-center gap-3 border-b border-slate-200">
        <span className="w-20 shrink-0 text-sm text-slate-500">{t("subject")}</span>
        <input name="subject" value={values.subject} onChange={(e) => update({ subject: e.target.value })} maxLength={998}
          className="w-full border-0 bg-transparent px-0 py-2 text-sm focus:outline-none focus:ring-0" />
      </label>
      <BodyEditor key={editorKey} format={values.format} html={values.bodyHtml} text={values.bodyText}
        onChange={(next) => update({ format: next.format, bodyHtml: next.html, bodyText: next.text })}
        uploadInlineImage={(file) => uploadInlineImage(ensureDraftId, file, (info) => setAttachments((list) => [...list, info]))} />
      <AttachmentPanel ensureDraftId={ensureDraftId} attachments={attachments} onChange={setAttachments} limitBytes={limitBytes} />
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 py-3">
        <button type="submit" disabled={sending}
          className="rounded-full bg-blue-600 px-6 py-2 text-sm font-semibold text-white shadow hover:bg-blue-700 disabled:opacity-60">
          {sending ? t("sending") : t("send")}
        </button>
        <ScheduleSend disabled={sending} onSchedule={(at) => void send(at)} error={errors.sendAt?.join(" ")} />
        <label className="flex items-center gap-1.5 text-sm text-slate-600">
          <input type="checkbox" checked={values.requestReadReceipt} onChange={(e) => update({ requestReadReceipt: e.target.checked })} />
          {t("readReceipt")}
        </label>
        <label className="flex items-center gap-1.5 text-sm text-slate-600">
          <input type="checkbox" checked={values.requestDsn} onChange={(e) => update({ requestDsn: e.target.checked })} />
          {t("dsn")}
        </label>
        <button type="button" onClick={discard} className="rounded-full px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-100">{t("discard")}</button>
        <span className="ml-auto text-xs text-slate-500" data-testid="save-state" data-kind={autosave.state.kind}>{saveLine}</span>
        {notice && (
          <p role={notice.kind === "error" ? "alert" : "status"} data-testid="compose-notice"
            className={`w-full whitespace-pre-line text-sm ${notice.kind === "error" ? "text-red-700" : "text-slate-700"}`}>{notice.text}</p>
        )}
      </div>
    </form>
  );
}
