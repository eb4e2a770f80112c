"use client";
// "Preview" for a PDF attachment. pdf.js (a large chunk) loads only when the
// reader asks for a preview, and the preview opens over the page.
import dynamic from "next/dynamic";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { isPdfAttachment } from "@/lib/mail/pdf-attachment";

const PdfViewer = dynamic(() => import("./pdf-viewer").then((m) => m.PdfViewer), { ssr: false });

/** Renders nothing for attachments that are not PDFs. */
export function PdfPreview(props: { url: string; filename: string; contentType: string; size: number }) {
  const t = useTranslations("pdfPreview");
  const [open, setOpen] = useState(false);
  if (!isPdfAttachment(props)) return null;
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} aria-label={t("openLabel", { name: props.filename })}
        className="border-t border-slate-200 px-3 py-1.5 text-left text-sm font-medium text-blue-700 hover:bg-slate-100">
        {t("open")}
      </button>
      {open && <PdfViewer url={props.url} filename={props.filename} size={props.size} onClose={() => setOpen(false)} />}
    </>
  );
}
