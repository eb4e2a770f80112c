"use client";
// A recipient field (To, Cc, Bcc): one chip per address, invalid ones marked
// with their reason, and suggestions from the people the account writes to
// and hears from (GET /api/contacts). `value` is the field as text, entries
// joined by ", ": exactly what the draft stores, including what is still
// being typed, so autosave never loses a half-typed address.
import { useEffect, useId, useRef, useState, type ClipboardEvent, type KeyboardEvent } from "react";
import { useTranslations } from "use-intl";
import {
  formatRecipient,
  hasOpenGroup,
  joinRecipientEntries,
  lastSeparatorIndex,
  parseRecipientEntry,
  splitRecipientField,
  type AddressProblemCode,
  type RecipientEntry,
} from "@/lib/compose/address-syntax";

interface Suggestion {
  name: string;
  address: string;
}

export interface RecipientInputProps {
  field: "to" | "cc" | "bcc";
  label: string;
  value: string;
  onChange(value: string): void;
  serverErrors?: string[];
  autoFocus?: boolean;
}

const SEPARATOR = /[,;\n\r]/;
const SUGGEST_DELAY_MS = 150;

export function RecipientInput({ field, label, value, onChange, serverErrors, autoFocus }: RecipientInputProps) {
  const t = useTranslations("recipients");
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [entries, setEntries] = useState<string[]>(() => splitRecipientField(value));
  const [draft, setDraft] = useState("");
  const [seenValue, setSeenValue] = useState(value);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const [suggestError, setSuggestError] = useState<string | null>(null);

  // A value that did not come from this component (a reopened draft, a reply's
  // prefilled Cc) replaces the chips; our own echo changes nothing.
  if (value !== seenValue) {
    setSeenValue(value);
    if (value !== joinRecipientEntries([...entries, draft])) {
      setEntries(splitRecipientField(value));
      setDraft("");
    }
  }

  const parsed: RecipientEntry[] = entries.map(parseRecipientEntry);
  const problemText = (entry: RecipientEntry) =>
    entry.problem ? t(`problems.${entry.problem.code}` as `problems.${AddressProblemCode}`, { detail: entry.problem.detail }) : "";

  const update = (nextEntries: string[], nextDraft: string) => {
    setEntries(nextEntries);
    setDraft(nextDraft);
    const next = joinRecipientEntries([...nextEntries, nextDraft]);
    setSeenValue(next);
    if (next !== value) onChange(next);
  };

  const closeSuggestions = () => {
    setOpen(false);
    setActive(-1);
  };

  /** Turns typed or pasted text into chips, all of it. */
  const absorb = (text: string) => {
    update([...entries, ...splitRecipientField(text)], "");
    closeSuggestions();
  };

  const commitDraft = () => {
    if (draft.trim()) absorb(draft);
    closeSuggestions();
  };

  const pick = (s: Suggestion) => {
    update([...entries, formatRecipient(s.name, s.address)], "");
    closeSuggestions();
    setSuggestions([]);
    inputRef.current?.focus();
  };

  const remove = (index: number) => {
    update(entries.filter((_, i) => i !== index), draft);
    inputRef.current?.focus();
  };

  /** Clicking a chip puts its text back in the input to be corrected. */
  const edit = (index: number) => {
    const rest = entries.filter((_, i) => i !== index);
    if (draft.trim()) rest.push(...splitRecipientField(draft));
    update(rest, entries[index]!);
    inputRef.current?.focus();
  };

  // Suggestions for what is being typed, a moment after the typing stops.
  const exclude = parsed.filter((e) => !e.problem).map((e) => e.address.toLowerCase());
  const excludeKey = exclude.join("\n");
  useEffect(() => {
    // In "Kim <ki", look up what is typed inside the brackets.
    const query = draft.slice(draft.lastIndexOf("<") + 1).trim();
    if (!query) {
      setSuggestions([]);
      setOpen(false);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      const params = new URLSearchParams({ q: query.slice(0, 200) });
      for (const address of excludeKey ? excludeKey.split("\n").slice(0, 500) : []) params.append("exclude", address);
      try {
        const response = await fetch(`/api/contacts?${params}`, { signal: controller.signal, cache: "no-store" });
        const body = (await response.json().catch(() => ({}))) as { contacts?: Suggestion[]; error?: string };
        if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
        setSuggestions(body.contacts ?? []);
        setSuggestError(null);
        // Enter takes the first suggestion, unless what is typed is already a whole address.
        setActive(body.contacts?.length && parseRecipientEntry(draft).problem ? 0 : -1);
        setOpen(Boolean(body.contacts?.length));
      } catch (error) {
        if (controller.signal.aborted) return;
        setSuggestions([]);
        setOpen(false);
        setSuggestError(error instanceof Error ? error.message : String(error));
      }
    }, SUGGEST_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [draft, excludeKey]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    // Enter also ends a Korean/Japanese/Chinese IME composition: that Enter is the IME's.
    if (e.nativeEvent.isComposing || e.keyCode === 229) return;
    const showing = open && suggestions.length > 0;
    switch (e.key) {
      case "ArrowDown":
        if (!suggestions.length) return;
        e.preventDefault();
        setOpen(true);
        setActive((i) => (i + 1) % suggestions.length);
        return;
      case "ArrowUp":
        if (!suggestions.length) return;
        e.preventDefault();
        setOpen(true);
        setActive((i) => (i <= 0 ? suggestions.length - 1 : i - 1));
        return;
      case "Escape":
        if (showing) {
          e.preventDefault();
          closeSuggestions();
        }
        return;
      case "Enter":
        // Never submits the form from here: Enter finishes an address.
        e.preventDefault();
        if (showing && active >= 0) pick(suggestions[active]!);
        else commitDraft();
        return;
      case "Tab":
        // Commits and lets the focus move on.
        if (showing && active >= 0) {
          update([...entries, formatRecipient(suggestions[active]!.name, suggestions[active]!.address)], "");
          closeSuggestions();
        } else {
          commitDraft();
        }
        return;
      case "Backspace":
        if (draft === "" && entries.length) {
          e.preventDefault();
          update(entries.slice(0, -1), "");
        }
        return;
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLInputElement>) => {
    const pasted = e.clipboardData.getData("text");
    // A single piece pastes as usual; a list (which an <input> would flatten) becomes chips.
    if (!SEPARATOR.test(pasted) && splitRecipientField(pasted).length < 2) return;
    e.preventDefault();
    const input = e.currentTarget;
    const start = input.selectionStart ?? draft.length;
    const end = input.selectionEnd ?? draft.length;
    absorb(draft.slice(0, start) + pasted + draft.slice(end));
  };

  const onInput = (text: string) => {
    // A separator typed outside a quoted name (also from keyboards that send no key events)
    // finishes what comes before it; what follows stays in the input exactly as typed.
    const separator = hasOpenGroup(text) ? -1 : lastSeparatorIndex(text);
    if (separator < 0) return update(entries, text);
    const rest = text.slice(separator + 1).trimStart();
    update([...entries, ...splitRecipientField(text.slice(0, separator))], rest);
    if (!rest) closeSuggestions();
  };

  const listboxId = `${id}-suggestions`;
  const problemsId = `${id}-problems`;
  const invalid = parsed.filter((e) => e.problem);
  const hasErrors = invalid.length > 0 || Boolean(serverErrors?.length);

  return (
    <div className="border-b border-slate-200" data-testid={`recipients-${field}`}>
      <div className="flex items-start gap-3">
        <label htmlFor={id} className="w-20 shrink-0 py-2 text-sm text-slate-500">{label}</label>
        <div className="relative flex min-w-0 flex-1 flex-wrap items-center gap-1 py-1" onClick={(e) => { if (e.target === e.currentTarget) inputRef.current?.focus(); }}>
          {parsed.map((entry, index) => (
            <span key={`${index}:${entry.text}`} data-testid="recipient-chip" data-invalid={entry.problem ? "true" : "false"}
              title={entry.problem ? problemText(entry) : entry.text}
              className={`inline-flex max-w-full items-center gap-1 rounded-full border py-0.5 pl-2.5 pr-1 text-sm ${
                entry.problem ? "border-red-300 bg-red-50 text-red-800" : "border-slate-200 bg-slate-100 text-slate-800"}`}>
              <button type="button" onClick={() => edit(index)} className="min-w-0 truncate text-left" aria-invalid={Boolean(entry.problem)}
                aria-describedby={entry.problem ? problemsId : undefined}>
                {entry.problem ? entry.text : entry.name || entry.address}
              </button>
              <button type="button" onClick={() => remove(index)} aria-label={t("remove", { entry: entry.text })}
                className="flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-slate-500 hover:bg-slate-300 hover:text-slate-900">
                <span aria-hidden="true">×</span>
              </button>
            </span>
          ))}
          <input
            ref={inputRef}
            id={id}
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={open && suggestions.length > 0}
            aria-controls={listboxId}
            aria-activedescendant={open && active >= 0 ? `${listboxId}-${active}` : undefined}
            aria-invalid={hasErrors}
            aria-describedby={hasErrors ? problemsId : undefined}
            value={draft}
            onChange={(e) => onInput(e.target.value)}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            onBlur={() => commitDraft()}
            autoFocus={autoFocus}
            autoComplete="off"
            spellCheck={false}
            placeholder={entries.length ? undefined : t("placeholder")}
            className="min-w-[8rem] flex-1 border-0 bg-transparent px-0 py-1 text-sm focus:outline-none focus:ring-0"
          />
          {open && suggestions.length > 0 && (
            <ul id={listboxId} role="listbox" aria-label={t("suggestions")}
              className="absolute left-0 top-full z-20 mt-1 max-h-72 w-full max-w-md overflow-y-auto rounded-lg border border-slate-200 bg-white py-1 shadow-lg">
              {suggestions.map((s, i) => (
                <li key={s.address} id={`${listboxId}-${i}`} role="option" aria-selected={i === active}
                  // mousedown, not click: the input must not lose focus (and commit the half-typed text) first.
                  onMouseDown={(e) => { e.preventDefault(); pick(s); }}
                  onMouseEnter={() => setActive(i)}
                  className={`cursor-pointer px-3 py-1.5 text-sm ${i === active ? "bg-blue-50" : ""}`}>
                  {s.name && <span className="font-medium text-slate-900">{s.name} </span>}
                  <span className="text-slate-600">{s.address}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {hasErrors && (
        <ul id={problemsId} data-testid={`recipients-${field}-problems`} className="pb-2 pl-[5.75rem] text-xs text-red-700">
          {invalid.map((entry, i) => (
            <li key={`p${i}`}>{t("invalidEntry", { entry: entry.text, reason: problemText(entry) })}</li>
          ))}
          {serverErrors?.map((message, i) => <li key={`s${i}`}>{message}</li>)}
        </ul>
      )}
      {suggestError && draft.trim() && (
        <p className="pb-2 pl-[5.75rem] text-xs text-slate-500" data-testid={`recipients-${field}-suggest-error`}>
          {t("suggestionsFailed", { message: suggestError })}
        </p>
      )}
    </div>
  );
}
