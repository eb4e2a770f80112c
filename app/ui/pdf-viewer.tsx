"use client";
// The PDF preview: a modal dialog in which pdf.js draws one page at a time on
// a <canvas>, fitted to the width, with page navigation and zoom. Nothing of
// the PDF runs (lib/pdf/open-pdf.ts); its web links become plain links that
// open in a new tab without a handle back to us.
import { AnnotationMode, type PDFDocumentLoadingTask, type PDFDocumentProxy, type RenderTask } from "pdfjs-dist";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useTranslations } from "use-intl";
import { fetchPdf, openPdf } from "@/lib/pdf/open-pdf";
import { pdfProblemOf, type PdfProblem } from "@/lib/pdf/pdf-problem";
import { safePdfLinkHref } from "@/lib/pdf/safe-link";

type Load =
  | { state: "loading"; loaded: number; total: number | null }
  | { state: "error"; problem: PdfProblem }
  | { state: "ready"; doc: PDFDocumentProxy };

interface PageLink {
  href: string;
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Zoom factors relative to "fit width" (1). */
const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4];
const FIT = ZOOMS.indexOf(1);
/** A larger page is drawn at a lower pixel ratio rather than exhaust memory (4096 × 4096). */
const MAX_CANVAS_PIXELS = 4096 * 4096;

const formatBytes = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 300);

export function PdfViewer(props: { url: string; filename: string; size: number; onClose: () => void }) {
  const { url, size, onClose } = props;
  const t = useTranslations("pdfPreview");
  const dialogRef = useRef<HTMLDialogElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [load, setLoad] = useState<Load>({ state: "loading", loaded: 0, total: size > 0 ? size : null });
  const [attempt, setAttempt] = useState(0);
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState(FIT);
  const [width, setWidth] = useState(0);
  const [links, setLinks] = useState<PageLink[]>([]);
  const [drawn, setDrawn] = useState<{ page: number; width: number; height: number } | null>(null);
  const [pageError, setPageError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Download, then open in pdf.js; closing the preview aborts the download and ends the worker.
  useEffect(() => {
    const abort = new AbortController();
    let task: PDFDocumentLoadingTask | null = null;
    let shown = 0;
    setLoad({ state: "loading", loaded: 0, total: size > 0 ? size : null });
    (async () => {
      try {
        const data = await fetchPdf(url, {
          signal: abort.signal,
          expectedSize: size,
          onProgress: (loaded, total) => {
            // A re-render per percent (or per MB when the size is unknown), not per network chunk.
            if (loaded - shown < (total ? total / 100 : 1024 * 1024)) return;
            shown = loaded;
            setLoad({ state: "loading", loaded, total });
          },
        });
        if (abort.signal.aborted) return;
        task = openPdf(data);
        const doc = await task.promise;
        if (abort.signal.aborted) return;
        setPage(1);
        setLoad({ state: "ready", doc });
      } catch (error) {
        if (!abort.signal.aborted) setLoad({ state: "error", problem: pdfProblemOf(error) });
      }
    })();
    return () => {
      abort.abort();
      void task?.destroy();
    };
  }, [url, size, attempt]);

  // Draw the current page whenever it, the zoom or the available width changes.
  const doc = load.state === "ready" ? load.doc : null;
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!doc || !canvas || width <= 0) return;
    let cancelled = false;
    let task: RenderTask | null = null;
    (async () => {
      try {
        const pdfPage = await doc.getPage(page);
        if (cancelled) return;
        // `width` is the scroll area's content box (inside its padding).
        const fitScale = width / pdfPage.getViewport({ scale: 1 }).width;
        const viewport = pdfPage.getViewport({ scale: fitScale * (ZOOMS[zoom] ?? 1) });
        const ratio = Math.min(window.devicePixelRatio || 1, Math.sqrt(MAX_CANVAS_PIXELS / (viewport.width * viewport.height)));
        canvas.width = Math.max(1, Math.floor(viewport.width * ratio));
        canvas.height = Math.max(1, Math.floor(viewport.height * ratio));
        task = pdfPage.render({
          canvas,
          viewport,
          transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
          // Form fields are drawn as they look; no HTML layer is added for them.
          annotationMode: AnnotationMode.ENABLE,
        });
        await task.promise;
        if (cancelled) return;
        setDrawn({ page, width: Math.floor(viewport.width), height: Math.floor(viewport.height) });
        setPageError(null);
        const annotations = await pdfPage.getAnnotations({ intent: "display" });
        if (cancelled) return;
        setLinks(
          annotations.flatMap((annotation: { subtype?: string; url?: unknown; rect?: number[] }) => {
            const href = annotation.subtype === "Link" ? safePdfLinkHref(annotation.url) : null;
            if (!href || !annotation.rect || annotation.rect.length !== 4) return [];
            const [x1, y1, x2, y2] = viewport.convertToViewportRectangle(annotation.rect);
            return [{ href, left: Math.min(x1, x2), top: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) }];
          }),
        );
      } catch (error) {
        if (cancelled || (error as { name?: string }).name === "RenderingCancelledException") return;
        setLinks([]);
        setPageError(messageOf(error));
      }
    })();
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [doc, page, zoom, width]);

  const pages = doc?.numPages ?? 0;
  const go = (next: number) => {
    if (next < 1 || next > pages) return;
    setLinks([]);
    setPage(next);
    scrollRef.current?.scrollTo({ top: 0 });
  };
  const zoomTo = (index: number) => setZoom(Math.min(ZOOMS.length - 1, Math.max(0, index)));
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const action: Record<string, () => void> = {
      ArrowRight: () => go(page + 1), PageDown: () => go(page + 1),
      ArrowLeft: () => go(page - 1), PageUp: () => go(page - 1),
      "+": () => zoomTo(zoom + 1), "=": () => zoomTo(zoom + 1), "-": () => zoomTo(zoom - 1), "0": () => zoomTo(FIT),
    };
    const run = action[event.key];
    if (!run) return;
    event.preventDefault();
    run();
  };

  const button = "rounded-md px-2.5 py-1 text-sm font-medium text-slate-700 hover:bg-slate-200 disabled:opacity-40 disabled:hover:bg-transparent";
  const problemText = (problem: PdfProblem) =>
    problem.kind === "password" ? t("password") : problem.kind === "http" ? t("http", { status: problem.status, detail: problem.detail }) : t(problem.kind, { detail: problem.detail });

  return (
    <dialog ref={dialogRef} onClose={onClose} onKeyDown={onKeyDown} aria-label={t("title", { name: props.filename })}
      className="m-auto h-[calc(100dvh-2rem)] max-h-none w-[calc(100vw-2rem)] max-w-5xl flex-col overflow-hidden rounded-lg bg-slate-100 p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/60 open:flex">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-300 bg-white px-3 py-2">
        <h2 className="min-w-0 flex-1 truncate text-sm font-semibold" title={props.filename}>{props.filename}</h2>
        {doc && (
          <>
            <button type="button" className={button} onClick={() => go(page - 1)} disabled={page <= 1} aria-label={t("previous")}>‹</button>
            <span data-testid="pdf-page-count" className="text-sm tabular-nums" aria-live="polite">{t("pageOf", { page, pages })}</span>
            <button type="button" className={button} onClick={() => go(page + 1)} disabled={page >= pages} aria-label={t("next")}>›</button>
            <span className="mx-1 h-5 w-px bg-slate-300" />
            <button type="button" className={button} onClick={() => zoomTo(zoom - 1)} disabled={zoom <= 0} aria-label={t("zoomOut")}>−</button>
            <button type="button" className={button} onClick={() => zoomTo(FIT)} aria-pressed={zoom === FIT}>
              {zoom === FIT ? t("fitWidth") : `${Math.round((ZOOMS[zoom] ?? 1) * 100)}%`}
            </button>
            <button type="button" className={button} onClick={() => zoomTo(zoom + 1)} disabled={zoom >= ZOOMS.length - 1} aria-label={t("zoomIn")}>+</button>
          </>
        )}
        <a href={`${url}?download=1`} download={props.filename} className={button}>{t("download")}</a>
        <button type="button" className={button} onClick={() => dialogRef.current?.close()}>{t("close")}</button>
      </div>
      <div ref={scrollRef} data-testid="pdf-scroll" className="min-h-0 flex-1 overflow-auto px-4 py-4 [scrollbar-gutter:stable]">
        {load.state === "loading" && (
          <p className="text-center text-sm text-slate-600" role="status">
            {load.loaded === 0 ? t("loading")
              : load.total ? t("progress", { loaded: formatBytes(load.loaded), total: formatBytes(load.total) })
              : t("progressUnknown", { loaded: formatBytes(load.loaded) })}
          </p>
        )}
        {load.state === "error" && (
          <div data-testid="pdf-error" role="alert" className="mx-auto max-w-xl space-y-2 rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-900">
            <p className="font-semibold">{t("errorTitle")}</p>
            <p className="break-words">{problemText(load.problem)}</p>
            {load.problem.kind !== "password" && load.problem.kind !== "invalid" && (
              <button type="button" className="rounded-md px-2 py-1 font-semibold hover:bg-red-100" onClick={() => setAttempt((n) => n + 1)}>{t("retry")}</button>
            )}
          </div>
        )}
        {pageError && (
          <p data-testid="pdf-page-error" role="alert" className="mx-auto mb-3 max-w-xl rounded-md border border-red-200 bg-red-50 p-3 text-sm break-words text-red-900">
            {t("pageFailed", { page, detail: pageError })}
          </p>
        )}
        <div className={doc ? "relative mx-auto w-fit bg-white shadow" : "hidden"}
          style={drawn ? { width: drawn.width, height: drawn.height } : undefined}>
          <canvas ref={canvasRef} data-testid="pdf-canvas" data-drawn-page={drawn?.page} className="block h-full w-full" />
          {links.map((link, i) => (
            <a key={i} href={link.href} target="_blank" rel="noopener noreferrer nofollow" title={link.href}
              className="absolute block hover:bg-blue-500/10" style={{ left: link.left, top: link.top, width: link.width, height: link.height }} />
          ))}
        </div>
      </div>
    </dialog>
  );
}
