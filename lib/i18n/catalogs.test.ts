import { describe, expect, it } from "vitest";
import { createTranslator } from "use-intl/core";
import { en } from "./en";
import { ko } from "./ko";
import { inEnglish, localizedError } from "./server-errors";

type Tree = { [key: string]: string | Tree };

/** Every message of a catalogue by its dotted key. */
function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(`${prefix}${key}`, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

/** The names a message fills in: "{where}", "{count, plural, …}" -> where, count. */
const placeholders = (message: string) => new Set([...message.matchAll(/\{\s*([A-Za-z_]\w*)\s*[,}]/g)].map((m) => m[1]));

describe("the Korean and English catalogues", () => {
  const english = flatten(en as unknown as Tree);
  const korean = flatten(ko as unknown as Tree);

  it("fill in the same values in every message, so no value is lost in translation", () => {
    const mismatched = [...english].filter(([key, message]) => {
      const a = placeholders(message);
      const b = placeholders(korean.get(key) ?? "");
      return a.size !== b.size || [...a].some((name) => !b.has(name));
    });
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });

  it("are all valid ICU messages", () => {
    for (const [messages, locale] of [[en, "en"], [ko, "ko"]] as const) {
      const errors: string[] = [];
      const t = createTranslator({ locale, messages, onError: (error) => errors.push(error.message) });
      for (const key of english.keys()) {
        const message = english.get(key)!;
        const numeric = new Set([...message.matchAll(/\{\s*(\w+)\s*,\s*(?:number|plural)/g)].map((m) => m[1]));
        const values = Object.fromEntries([...placeholders(message)].map((name) => [name, numeric.has(name) || name === "seconds" ? 1 : "x"]));
        t(key as never, values as never);
      }
      expect(errors).toEqual([]);
    }
  });

  it("write counts with the language's digit grouping, as the rest of the screen does", () => {
    const range = { first: 99_951, last: 100_000, total: 100_005 };
    expect(createTranslator({ locale: "en", messages: en })("list.range", range)).toBe("99,951–100,000 of 100,005");
    expect(createTranslator({ locale: "ko", messages: ko })("list.range", range)).toBe("100,005개 중 99,951–100,000");
    expect(createTranslator({ locale: "ko", messages: ko })("list.syncing", { cached: 12_000, total: 100_005 })).toBe("메일을 가져오는 중: 100,005개 중 12,000개");
    expect(createTranslator({ locale: "en", messages: en })("nav.unread", { count: 29_988 })).toBe("29,988 unread");
  });
});

describe("server errors", () => {
  it("carry their key and read the same English as the catalogue", () => {
    const error = localizedError("NOT_FOUND", "noSuchFolder", { path: "Work" });
    expect(error).toMatchObject({ code: "NOT_FOUND", message: 'There is no folder "Work".', localized: { key: "noSuchFolder", values: { path: "Work" } } });
    expect(inEnglish({ key: "smtpGaveUp", values: { attempts: "5" } })).toBe("Gave up after 5 attempts.");
  });

  it("give their field messages in English, and keep the keys for the reader's language", () => {
    const error = localizedError("INVALID_INPUT", "scheduledPast", undefined, { fields: { sendAt: { key: "timePassed" } } });
    expect(error.fieldErrors).toEqual({ sendAt: ["This time has already passed."] });
    expect(error.localizedFields).toEqual({ sendAt: { key: "timePassed" } });
  });
});
