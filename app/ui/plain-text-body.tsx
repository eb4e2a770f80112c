// A plain-text body: links made clickable (http, https, mailto only) and quoted text folded away.
import { textBlocks, type Inline } from "@/lib/mail/text-blocks";

function Parts({ parts }: { parts: Inline[] }) {
  return parts.map((part, i) =>
    part.kind === "link" ? (
      <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow" className="text-blue-700 underline underline-offset-2">
        {part.text}
      </a>
    ) : (
      <span key={i}>{part.text}</span>
    ),
  );
}

export function PlainTextBody(props: { text: string; showQuoted: (lines: number) => string; testId?: string }) {
  const { text, showQuoted } = props;
  return (
    <div data-testid={props.testId ?? "message-text"} className="whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-white p-4 text-sm leading-relaxed">
      {textBlocks(text).map((block, i) =>
        block.kind === "quote" ? (
          <details key={i} className="my-1 text-slate-600">
            <summary className="w-fit cursor-pointer select-none rounded bg-slate-100 px-2 text-xs text-slate-600 hover:bg-slate-200">
              {showQuoted(block.lines)}
            </summary>
            <div className="border-l-2 border-slate-300 pl-3"><Parts parts={block.parts} /></div>
          </details>
        ) : (
          <Parts key={i} parts={block.parts} />
        ),
      )}
    </div>
  );
}
