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
        const values = Object.fromEntries([...placeholders(english.get(key)!)].map((name) => [name, name === "count" || name === "seconds" || name === "max" || name === "min" ? 1 : "x"]));
        t(key as never, values as never);
      }
      expect(errors).toEqual([]);
    }
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
