"use client";
// The message body: rich text (TipTap over ProseMirror) or plain text.
// ProseMirror handles IME composition (Korean, Japanese, Chinese) itself; the
// only key handling added here is TipTap's own shortcut mechanism, which
// ProseMirror does not run while a composition is in progress.
import { Extension } from "@tiptap/core";
import Image from "@tiptap/extension-image";
import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslations } from "use-intl";
import { isAllowedLinkHref, normalizeLinkHref } from "@/lib/compose/link-href";
import { BoldIcon, BulletListIcon, ClearFormatIcon, ItalicIcon, LinkIcon, OrderedListIcon, QuoteIcon, StrikeIcon, UnderlineIcon } from "./editor-icons";
import { uploadErrorReason } from "./upload-error-text";

export interface BodyValue {
  format: "html" | "text";
  html: string;
  text: string;
}

export interface BodyEditorProps extends BodyValue {
  onChange(next: BodyValue): void;
  /** Uploads a pasted or dropped image as an inline attachment of the draft. */
  uploadInlineImage(file: File): Promise<{ src: string; contentId: string }>;
  autoFocus?: boolean;
}

/** Images a mail client can show inline (the same set the reader previews). */
const INLINE_IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

/** An image of the body keeps its Content-ID in data-cid, which build-message turns into src="cid:…". */
const InlineImage = Image.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      cid: {
        default: null,
        parseHTML: (element: HTMLElement) => element.getAttribute("data-cid"),
        renderHTML: (attributes: Record<string, unknown>) => (attributes.cid ? { "data-cid": attributes.cid } : {}),
      },
    };
  },
}).configure({ inline: true, allowBase64: false });

/** Shortcuts the toolbar adds to TipTap's own (Mod-B, Mod-I, Mod-U, Mod-Shift-S/7/8/B). */
function editorShortcuts(openLink: { current: () => void }) {
  return Extension.create({
    name: "maeilShortcuts",
    addKeyboardShortcuts() {
      return {
        "Mod-k": () => {
          openLink.current();
          return true;
        },
        "Mod-\\": () => this.editor.chain().focus().unsetAllMarks().clearNodes().run(),
      };
    },
  });
}

const EDITOR_CLASS = [
  "min-h-72 flex-1 py-3 text-sm leading-relaxed focus:outline-none",
  "[&_p]:my-1 [&_ul]:my-1 [&_ul]:list-disc [&_ul]:pl-6 [&_ol]:my-1 [&_ol]:list-decimal [&_ol]:pl-6",
  "[&_blockquote]:my-2 [&_blockquote]:border-l-4 [&_blockquote]:border-slate-300 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600",
  "[&_a]:text-blue-700 [&_a]:underline [&_img]:inline [&_img]:max-w-full [&_img.ProseMirror-selectednode]:outline-2 [&_img.ProseMirror-selectednode]:outline-blue-500",
].join(" ");

const imageFiles = (list: FileList | null | undefined) => Array.from(list ?? []).filter((f) => INLINE_IMAGE_TYPES.has(f.type));

export function BodyEditor({ format, html, text, onChange, uploadInlineImage, autoFocus }: BodyEditorProps) {
  const t = useTranslations("composeEditor");
  const [confirmPlain, setConfirmPlain] = useState(false);
  const [uploads, setUploads] = useState<{ key: number; name: string }[]>([]);
  const [imageErrors, setImageErrors] = useState<{ key: number; text: string }[]>([]);
  const [linkOpen, setLinkOpen] = useState(false);

  // Handlers registered once with the editor read the latest props through refs.
  const latest = useRef({ format, html, text, onChange, uploadInlineImage, t });
  latest.current = { format, html, text, onChange, uploadInlineImage, t };
  /** The HTML we last reported (or were given): a different `html` prop comes from outside and replaces the content. */
  const emittedHtml = useRef(html);
  const openLink = useRef(() => setLinkOpen(true));
  const nextKey = useRef(0);

  const editorRef = useRef<Editor | null>(null);
  const insertImages = (files: File[], at: number | null) => {
    for (const file of files) {
      const key = nextKey.current++;
      setUploads((u) => [...u, { key, name: file.name }]);
      latest.current
        .uploadInlineImage(file)
        .then(({ src, contentId }) => {
          const editor = editorRef.current;
          if (!editor || editor.isDestroyed) return;
          const node = { type: "image", attrs: { src, alt: file.name, cid: contentId } };
          // Where it was dropped, if that place still exists; else at the cursor.
          const pos = at !== null && at <= editor.state.doc.content.size ? at : editor.state.selection.to;
          editor.chain().insertContentAt(pos, node).run();
        })
        .catch((error: unknown) => {
          const { t } = latest.current;
          setImageErrors((e) => [...e, { key, text: t("imageFailed", { name: file.name, reason: uploadErrorReason(t, error) }) }]);
        })
        .finally(() => setUploads((u) => u.filter((x) => x.key !== key)));
    }
  };

  const editor = useEditor({
    // Rendered on the client only: the server has no DOM for ProseMirror.
    immediatelyRender: false,
    shouldRerenderOnTransaction: false,
    autofocus: autoFocus ? "start" : false,
    extensions: [
      StarterKit.configure({
        heading: false,
        code: false,
        codeBlock: false,
        horizontalRule: false,
        link: {
          openOnClick: false,
          autolink: true,
          linkOnPaste: true,
          defaultProtocol: "https",
          // Links pasted or loaded into the body must be web or mail links, like typed ones.
          isAllowedUri: (url) => isAllowedLinkHref(url),
          HTMLAttributes: { rel: "noopener noreferrer", target: null },
        },
      }),
      InlineImage,
      editorShortcuts(openLink),
    ],
    content: format === "html" ? html : "",
    editorProps: {
      attributes: { class: EDITOR_CLASS, "aria-label": t("body"), "aria-multiline": "true", role: "textbox", "data-testid": "body-editor" },
      handlePaste(_view, event) {
        // A copied text selection (Word, a web page) may carry a picture of itself: keep the text.
        if (event.clipboardData?.getData("text/plain")) return false;
        const files = imageFiles(event.clipboardData?.files);
        if (!files.length) return false;
        event.preventDefault();
        insertImages(files, null);
        return true;
      },
      handleDrop(view, event, _slice, moved) {
        if (moved) return false;
        const all = Array.from(event.dataTransfer?.files ?? []);
        const files = imageFiles(event.dataTransfer?.files);
        // Anything but images goes on to the attachment panel's drop target (the form).
        if (!files.length || files.length !== all.length) return false;
        event.preventDefault();
        event.stopPropagation();
        const at = view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos ?? null;
        insertImages(files, at);
        return true;
      },
    },
    onUpdate({ editor }) {
      const next = editor.isEmpty ? "" : editor.getHTML();
      emittedHtml.current = next;
      latest.current.onChange({ format: "html", html: next, text: editor.getText({ blockSeparator: "\n\n" }) });
    },
  });
  editorRef.current = editor;

  // A new body from outside (a reply quote, a signature, a reopened draft) replaces the content.
  useEffect(() => {
    if (!editor || format !== "html" || html === emittedHtml.current) return;
    emittedHtml.current = html;
    editor.commands.setContent(html, { emitUpdate: false });
  }, [editor, format, html]);

  const toPlain = async () => {
    const { htmlToEditorText } = await import("@/lib/compose/editor-text");
    setConfirmPlain(false);
    setLinkOpen(false);
    onChange({ format: "text", html, text: htmlToEditorText(html) });
  };
  const toRich = async () => {
    const { textToEditorHtml } = await import("@/lib/compose/editor-text");
    const next = textToEditorHtml(text);
    emittedHtml.current = next;
    editor?.commands.setContent(next, { emitUpdate: false });
    onChange({ format: "html", html: next, text });
  };

  return (
    <div className="flex flex-1 flex-col">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 py-1.5">
        {format === "html" && editor && <Toolbar editor={editor} onLink={() => setLinkOpen((open) => !open)} />}
        <div role="radiogroup" aria-label={t("mode")} className="ml-auto flex rounded-md border border-slate-200 text-xs">
          <ModeButton checked={format === "html"} onClick={() => format === "text" && void toRich()}>{t("richText")}</ModeButton>
          <ModeButton
            checked={format === "text"}
            onClick={() => {
              if (format === "text") return;
              // Nothing to lose in an empty body: no need to ask.
              if (!html || editor?.isEmpty) void toPlain();
              else setConfirmPlain(true);
            }}
          >
            {t("plainText")}
          </ModeButton>
        </div>
      </div>

      {confirmPlain && (
        <div role="alertdialog" aria-label={t("plainText")} className="flex flex-wrap items-center gap-3 border-b border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <p className="flex-1">{t("toPlainWarning")}</p>
          <button type="button" onClick={() => void toPlain()} className="rounded-md bg-amber-600 px-3 py-1 font-medium text-white hover:bg-amber-700">{t("switchToPlain")}</button>
          <button type="button" onClick={() => setConfirmPlain(false)} className="rounded-md px-3 py-1 hover:bg-amber-100">{t("cancel")}</button>
        </div>
      )}

      {format === "html" && linkOpen && editor && <LinkForm editor={editor} onClose={() => { setLinkOpen(false); editor.commands.focus(); }} />}

      {/* Kept mounted in plain-text mode: the editor (and its undo history) outlives a switch back. */}
      <EditorContent editor={editor} hidden={format !== "html"} className="flex flex-1 flex-col [&>.tiptap]:flex-1" />
      {format === "text" && (
        <label className="flex flex-1 flex-col">
          <span className="sr-only">{t("body")}</span>
          <textarea
            value={text}
            onChange={(e) => onChange({ format: "text", html, text: e.target.value })}
            autoFocus={autoFocus}
            data-testid="body-text"
            className="min-h-72 w-full flex-1 resize-none border-0 bg-transparent px-0 py-3 text-sm leading-relaxed focus:outline-none focus:ring-0"
          />
        </label>
      )}

      {(uploads.length > 0 || imageErrors.length > 0) && (
        <div className="space-y-1 py-1 text-xs">
          {uploads.map((u) => (
            <p key={u.key} role="status" className="text-slate-600">{t("uploadingImage", { name: u.name })}</p>
          ))}
          {imageErrors.map((e) => (
            <p key={e.key} role="alert" data-testid="image-error" className="flex items-start gap-2 text-red-700">
              <span className="flex-1">{e.text}</span>
              <button type="button" onClick={() => setImageErrors((all) => all.filter((x) => x.key !== e.key))} className="underline">{t("dismiss")}</button>
            </p>
          ))}
        </div>
      )}
    </div>
  );
}

function ModeButton({ checked, onClick, children }: { checked: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <button type="button" role="radio" aria-checked={checked} onClick={onClick}
      className={`px-2.5 py-1 first:rounded-l-md last:rounded-r-md ${checked ? "bg-slate-800 text-white" : "text-slate-600 hover:bg-slate-100"}`}>
      {children}
    </button>
  );
}

function useShortcutLabel() {
  const [mod, setMod] = useState("Ctrl+");
  useEffect(() => {
    if (/Mac|iPhone|iPad/.test(navigator.platform)) setMod("⌘");
  }, []);
  return (keys: string) => keys.replace("Mod+", mod);
}

function Toolbar({ editor, onLink }: { editor: Editor; onLink: () => void }) {
  const t = useTranslations("composeEditor");
  const shortcut = useShortcutLabel();
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      underline: e.isActive("underline"),
      strike: e.isActive("strike"),
      bulletList: e.isActive("bulletList"),
      orderedList: e.isActive("orderedList"),
      blockquote: e.isActive("blockquote"),
      link: e.isActive("link"),
    }),
  });
  const chain = () => editor.chain().focus();
  const buttons: { label: string; keys: string; active: boolean | null; icon: ReactNode; run: () => void }[] = [
    { label: t("bold"), keys: "Mod+B", active: state.bold, icon: <BoldIcon />, run: () => chain().toggleBold().run() },
    { label: t("italic"), keys: "Mod+I", active: state.italic, icon: <ItalicIcon />, run: () => chain().toggleItalic().run() },
    { label: t("underline"), keys: "Mod+U", active: state.underline, icon: <UnderlineIcon />, run: () => chain().toggleUnderline().run() },
    { label: t("strike"), keys: "Mod+Shift+S", active: state.strike, icon: <StrikeIcon />, run: () => chain().toggleStrike().run() },
    { label: t("bulletList"), keys: "Mod+Shift+8", active: state.bulletList, icon: <BulletListIcon />, run: () => chain().toggleBulletList().run() },
    { label: t("orderedList"), keys: "Mod+Shift+7", active: state.orderedList, icon: <OrderedListIcon />, run: () => chain().toggleOrderedList().run() },
    { label: t("quote"), keys: "Mod+Shift+B", active: state.blockquote, icon: <QuoteIcon />, run: () => chain().toggleBlockquote().run() },
    { label: t("link"), keys: "Mod+K", active: state.link, icon: <LinkIcon />, run: onLink },
    { label: t("clearFormatting"), keys: "Mod+\\", active: null, icon: <ClearFormatIcon />, run: () => chain().unsetAllMarks().clearNodes().run() },
  ];
  return (
    <div role="toolbar" aria-label={t("toolbar")} className="flex flex-wrap items-center gap-0.5">
      {buttons.map((b) => (
        <button
          key={b.label}
          type="button"
          aria-label={b.label}
          aria-pressed={b.active ?? undefined}
          aria-keyshortcuts={b.keys.replace("Mod+", "Control+")}
          title={`${b.label} (${shortcut(b.keys)})`}
          // Keeps the editor's selection: a click must not move the focus away first.
          onMouseDown={(e) => e.preventDefault()}
          onClick={b.run}
          className={`rounded p-1.5 ${b.active ? "bg-slate-200 text-slate-900" : "text-slate-600 hover:bg-slate-100"}`}
        >
          {b.icon}
        </button>
      ))}
    </div>
  );
}

/** Adds, changes or removes the link at the selection; only http, https and mailto are accepted. */
function LinkForm({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const t = useTranslations("composeEditor");
  const current = (editor.getAttributes("link").href as string | undefined) ?? "";
  const [value, setValue] = useState(current);
  const [error, setError] = useState<string | null>(null);

  const apply = () => {
    const result = normalizeLinkHref(value);
    if (!result.ok) {
      setError(result.reason === "empty" ? t("linkEmpty") : result.reason === "scheme" ? t("linkScheme") : t("linkInvalid", { value: value.trim() }));
      return;
    }
    const { empty } = editor.state.selection;
    if (empty && !editor.isActive("link")) {
      // No text chosen: the address itself becomes the linked text.
      const label = result.href.startsWith("mailto:") ? result.href.slice(7) : value.trim();
      editor.chain().focus().insertContent({ type: "text", text: label, marks: [{ type: "link", attrs: { href: result.href } }] }).run();
    } else {
      editor.chain().focus().extendMarkRange("link").setLink({ href: result.href }).run();
    }
    onClose();
  };

  return (
    <div className="flex flex-wrap items-start gap-2 border-b border-slate-200 bg-slate-50 px-2 py-2 text-sm" data-testid="link-form">
      <div className="flex min-w-60 flex-1 flex-col">
        <input
          autoFocus
          type="text"
          inputMode="url"
          value={value}
          aria-label={t("linkAddress")}
          placeholder={t("linkPlaceholder")}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? "link-error" : undefined}
          onChange={(e) => {
            setValue(e.target.value);
            setError(null);
          }}
          onKeyDown={(e) => {
            // Enter that ends an IME composition (Korean, Japanese) is not "apply".
            if (e.nativeEvent.isComposing || e.keyCode === 229) return;
            if (e.key === "Enter") {
              e.preventDefault();
              apply();
            } else if (e.key === "Escape") {
              e.preventDefault();
              onClose();
            }
          }}
          className="rounded-md border border-slate-300 bg-white px-2 py-1 focus:border-blue-500 focus:outline-none"
        />
        {error && <p id="link-error" role="alert" className="pt-1 text-xs text-red-700">{error}</p>}
      </div>
      <button type="button" onClick={apply} className="rounded-md bg-blue-600 px-3 py-1 font-medium text-white hover:bg-blue-700">{t("applyLink")}</button>
      {current && (
        <button type="button" onClick={() => { editor.chain().focus().extendMarkRange("link").unsetLink().run(); onClose(); }} className="rounded-md px-3 py-1 text-slate-700 hover:bg-slate-200">
          {t("removeLink")}
        </button>
      )}
      <button type="button" onClick={onClose} className="rounded-md px-3 py-1 text-slate-700 hover:bg-slate-200">{t("cancel")}</button>
    </div>
  );
}
