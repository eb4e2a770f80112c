"use client";
// The compose form's attachments: a picker for several files, drag and drop
// anywhere on the form, upload progress per file, removal. The size limit is
// checked here before any byte is sent (the server enforces it again).
import { useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { formatBytes, splitByLimit, totalBytes, type AttachmentInfo } from "@/lib/compose/attachment-limit";
import { removeAttachment, uploadAttachment, UploadError } from "@/lib/compose/attachment-upload";
import { attachmentUrl } from "@/lib/compose/inline-image-url";
import { PaperclipIcon } from "../icons";
import { overLimitText, uploadErrorReason, uploadErrorText } from "./upload-error-text";

export interface AttachmentPanelProps {
  /** The draft's id, creating the draft first if it has none yet. */
  ensureDraftId(): Promise<string>;
  /** Every attachment of the draft (pasted images too: they count against the limit, but are not listed). */
  attachments: AttachmentInfo[];
  onChange(list: AttachmentInfo[]): void;
  limitBytes: number;
}

interface Upload {
  key: number;
  name: string;
  size: number;
  loaded: number;
  /** Set when it failed: the whole sentence to show. */
  error: string | null;
  abort: AbortController;
}

const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes("Files");

export function AttachmentPanel({ ensureDraftId, attachments, onChange, limitBytes }: AttachmentPanelProps) {
  const t = useTranslations("composeEditor");
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [limitError, setLimitError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Record<string, true>>({});
  const [removeErrors, setRemoveErrors] = useState<Record<string, string>>({});
  const [draftId, setDraftId] = useState<string | null>(null);
  const [dropArea, setDropArea] = useState<DOMRect | null>(null);
  const root = useRef<HTMLElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const nextKey = useRef(0);

  // Uploads finish in any order and faster than the parent re-renders: each
  // one adds to the newest list, not to the one this render saw.
  const list = useRef(attachments);
  list.current = attachments;
  /** Bytes of uploads still in flight, so a second pick cannot slip past the limit. */
  const inFlight = useRef(new Map<number, number>());

  const latest = useRef({ ensureDraftId, onChange, limitBytes, t });
  latest.current = { ensureDraftId, onChange, limitBytes, t };

  // A reopened draft with attachments: learn its id for the download links.
  useEffect(() => {
    if (draftId || attachments.length === 0) return;
    latest.current.ensureDraftId().then(setDraftId, () => {});
  }, [draftId, attachments.length]);

  const patch = (key: number, change: Partial<Upload>) => setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u)));
  const drop = (key: number) => {
    inFlight.current.delete(key);
    setUploads((all) => all.filter((u) => u.key !== key));
  };

  const addFiles = async (files: File[]) => {
    if (!files.length) return;
    const { t, limitBytes } = latest.current;
    const used = totalBytes(list.current) + [...inFlight.current.values()].reduce((a, b) => a + b, 0);
    const { accepted, rejected } = splitByLimit(files, used, limitBytes);
    setLimitError(
      rejected.length
        ? overLimitText(t, rejected.map((f) => f.name), limitBytes, used + totalBytes(accepted), rejected.map((f) => f.size))
        : null,
    );
    if (!accepted.length) return;

    const started = accepted.map((file) => {
      const upload: Upload = { key: nextKey.current++, name: file.name, size: file.size, loaded: 0, error: null, abort: new AbortController() };
      inFlight.current.set(upload.key, file.size);
      return { file, upload };
    });
    setUploads((all) => [...all, ...started.map((s) => s.upload)]);

    let id: string;
    try {
      id = await latest.current.ensureDraftId();
      setDraftId(id);
    } catch (error) {
      for (const { file, upload } of started) {
        inFlight.current.delete(upload.key);
        patch(upload.key, { error: uploadErrorText(t, file.name, error) });
      }
      return;
    }
    await Promise.all(
      started.map(async ({ file, upload }) => {
        try {
          const info = await uploadAttachment(id, file, {
            signal: upload.abort.signal,
            onProgress: (loaded) => patch(upload.key, { loaded }),
          });
          const next = [...list.current, info];
          list.current = next;
          latest.current.onChange(next);
          drop(upload.key);
        } catch (error) {
          if (error instanceof UploadError && error.code === "ABORTED") return drop(upload.key);
          inFlight.current.delete(upload.key);
          patch(upload.key, { error: uploadErrorText(latest.current.t, file.name, error) });
        }
      }),
    );
  };
  const addFilesRef = useRef(addFiles);
  addFilesRef.current = addFiles;

  // Files dropped anywhere on the compose form are attached (images dropped
  // into the text are taken by the editor first). A file dropped elsewhere on
  // the page must not make the browser open it in place of the form.
  useEffect(() => {
    const form = root.current?.closest("form") ?? root.current?.parentElement;
    if (!form) return;
    let depth = 0;
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
    };
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDropArea(form.getBoundingClientRect());
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDropArea(null);
    };
    const onDrop = (e: DragEvent) => {
      depth = 0;
      setDropArea(null);
      if (e.defaultPrevented || !hasFiles(e)) return;
      e.preventDefault();
      void addFilesRef.current(Array.from(e.dataTransfer?.files ?? []));
    };
    const guard = (e: DragEvent) => {
      if (hasFiles(e) && !form.contains(e.target as Node)) e.preventDefault();
    };
    form.addEventListener("dragenter", enter);
    form.addEventListener("dragover", over);
    form.addEventListener("dragleave", leave);
    form.addEventListener("drop", onDrop);
    window.addEventListener("dragover", guard);
    window.addEventListener("drop", guard);
    return () => {
      form.removeEventListener("dragenter", enter);
      form.removeEventListener("dragover", over);
      form.removeEventListener("dragleave", leave);
      form.removeEventListener("drop", onDrop);
      window.removeEventListener("dragover", guard);
      window.removeEventListener("drop", guard);
    };
  }, []);

  const remove = async (attachment: AttachmentInfo) => {
    setRemoving((r) => ({ ...r, [attachment.id]: true }));
    setRemoveErrors(({ [attachment.id]: _gone, ...rest }) => rest);
    try {
      const id = draftId ?? (await latest.current.ensureDraftId());
      await removeAttachment(id, attachment.id);
      const next = list.current.filter((a) => a.id !== attachment.id);
      list.current = next;
      latest.current.onChange(next);
    } catch (error) {
      const reason = uploadErrorReason(t, error);
      setRemoveErrors((r) => ({ ...r, [attachment.id]: t("removeFailed", { name: attachment.filename, reason }) }));
    } finally {
      setRemoving(({ [attachment.id]: _done, ...rest }) => rest);
    }
  };

  const files = attachments.filter((a) => !a.contentId);
  const used = totalBytes(attachments);

  return (
    <section ref={root} aria-label={t("attachments")} data-testid="attachment-panel" className="border-t border-slate-200 py-2">
      {dropArea && (
        <div
          aria-hidden
          style={{ position: "fixed", left: dropArea.left, top: dropArea.top, width: dropArea.width, height: dropArea.height }}
          className="pointer-events-none z-40 flex items-center justify-center rounded-xl border-2 border-dashed border-blue-500 bg-blue-50/80 text-sm font-medium text-blue-800"
        >
          {t("dropHere")}
        </div>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" onClick={() => picker.current?.click()}
          className="flex items-center gap-1.5 rounded-md px-2 py-1 text-sm text-slate-700 hover:bg-slate-100">
          <PaperclipIcon width={16} height={16} />
          {t("attach")}
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          data-testid="attachment-input"
          onChange={(e) => {
            const picked = Array.from(e.target.files ?? []);
            // Cleared so that picking the same file again (after removing it) fires a change.
            e.target.value = "";
            void addFiles(picked);
          }}
        />
        {(used > 0 || uploads.length > 0) && (
          <span className="text-xs text-slate-500" data-testid="attachment-total">{t("total", { used: formatBytes(used), limit: formatBytes(limitBytes) })}</span>
        )}
      </div>

      {limitError && (
        <p role="alert" data-testid="attachment-limit-error" className="flex items-start gap-2 py-1 text-sm text-red-700">
          <span className="flex-1">{limitError}</span>
          <button type="button" onClick={() => setLimitError(null)} className="text-xs underline">{t("dismiss")}</button>
        </p>
      )}

      {(files.length > 0 || uploads.length > 0) && (
        <ul className="flex flex-wrap gap-2 pt-1">
          {files.map((a) => (
            <li key={a.id} data-testid="attachment" className="flex max-w-full flex-col rounded-lg border border-slate-200 bg-slate-50 px-3 py-1.5 text-sm">
              <div className="flex items-center gap-2">
                {draftId ? (
                  <a href={`${attachmentUrl(draftId, a.id)}?download=1`} download={a.filename} aria-label={t("download", { name: a.filename })}
                    className="truncate text-slate-800 hover:underline">{a.filename}</a>
                ) : (
                  <span className="truncate text-slate-800">{a.filename}</span>
                )}
                <span className="shrink-0 text-xs text-slate-500">{formatBytes(a.size)}</span>
                <button type="button" onClick={() => void remove(a)} disabled={removing[a.id]} aria-label={t("remove", { name: a.filename })}
                  className="shrink-0 rounded px-1 text-slate-500 hover:bg-slate-200 hover:text-slate-800 disabled:opacity-50">
                  {removing[a.id] ? t("removing") : "×"}
                </button>
              </div>
              {removeErrors[a.id] && <p role="alert" className="pt-0.5 text-xs text-red-700">{removeErrors[a.id]}</p>}
            </li>
          ))}
          {uploads.map((u) => {
            const percent = u.size ? Math.min(100, Math.floor((u.loaded / u.size) * 100)) : 100;
            return (
              <li key={u.key} data-testid="attachment-upload" className={`flex max-w-full flex-col rounded-lg border px-3 py-1.5 text-sm ${u.error ? "border-red-200 bg-red-50" : "border-slate-200 bg-white"}`}>
                <div className="flex items-center gap-2">
                  <span className="truncate text-slate-800">{u.name}</span>
                  <span className="shrink-0 text-xs text-slate-500">{formatBytes(u.size)}</span>
                  {u.error ? (
                    <button type="button" onClick={() => drop(u.key)} className="shrink-0 text-xs underline">{t("dismiss")}</button>
                  ) : (
                    <button type="button" onClick={() => u.abort.abort()} aria-label={t("cancelUpload", { name: u.name })}
                      className="shrink-0 rounded px-1 text-slate-500 hover:bg-slate-200 hover:text-slate-800">×</button>
                  )}
                </div>
                {u.error ? (
                  <p role="alert" data-testid="attachment-upload-error" className="pt-0.5 text-xs text-red-700">{u.error}</p>
                ) : (
                  <progress max={100} value={percent} aria-label={t("uploading", { name: u.name, percent })} className="mt-1 h-1.5 w-48 overflow-hidden rounded [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-blue-600" />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
