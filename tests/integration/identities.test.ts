import "./helpers/env";
import { describe, expect, it } from "vitest";
import { database } from "@/lib/db/database";
import {
  deleteIdentity,
  getIdentity,
  getUndoSendSeconds,
  listIdentities,
  saveIdentity,
  setDefault,
  setUndoSendSeconds,
  signatureToText,
} from "@/lib/compose/identities";
import { identityInputSchema, undoSendSecondsSchema } from "@/lib/compose/identity-input";
import { rejectionOf, signInAs } from "./helpers/app";
import { createMailUser } from "./helpers/mail";

const input = (fields: Record<string, unknown>) => identityInputSchema.parse({ id: null, name: "", replyTo: "", signature: "", ...fields });

async function newAccount(label: string) {
  return signInAs(await createMailUser(label));
}

describe("identities (real PostgreSQL)", () => {
  it("gives an account without identities a default one from its address and name, once", async () => {
    const account = await newAccount("ident-default");
    const named = { ...account, displayName: "Kim Minsu" };
    // Several first requests at once (e.g. two tabs): one default identity, not several.
    const lists = await Promise.all([listIdentities(named), listIdentities(named), listIdentities(named)]);
    for (const list of lists) expect(list).toHaveLength(1);
    const [identity] = lists[0]!;
    expect(identity).toMatchObject({ name: "Kim Minsu", email: account.email, replyTo: "", signatureHtml: "", isDefault: true });
    expect(await listIdentities(named)).toEqual(lists[0]);
  });

  it("adds and edits identities; the signature is kept as HTML and edited as text", async () => {
    const account = await newAccount("ident-edit");
    const [first] = await listIdentities(account);

    const added = await saveIdentity(account.id, input({
      name: "홍길동 (영업팀)",
      email: "홍길동@도메인.한국",
      replyTo: "Sales <sales@example.kr>, 영업 <team@도메인.한국>",
      signature: "홍길동 드림\n영업팀 <sales> & 'co'\n\n010-1234-5678\n",
    }));
    expect(added).toMatchObject({ name: "홍길동 (영업팀)", email: "홍길동@도메인.한국", isDefault: false });
    expect(added.signatureHtml).toBe("<p>홍길동 드림<br>영업팀 &lt;sales&gt; &amp; 'co'</p><p>010-1234-5678</p>");
    expect(signatureToText(added.signatureHtml)).toBe("홍길동 드림\n영업팀 <sales> & 'co'\n\n010-1234-5678");

    const list = await listIdentities(account);
    expect(list.map((i) => i.id)).toEqual([first!.id, added.id]);

    const edited = await saveIdentity(account.id, input({ id: added.id, name: "홍길동", email: "user@münchen.de", signature: "" }));
    expect(edited).toMatchObject({ id: added.id, name: "홍길동", email: "user@münchen.de", replyTo: "", signatureHtml: "", isDefault: false });
    expect(await getIdentity(account.id, added.id)).toEqual(edited);
  });

  it("refuses invalid addresses with the reason, field by field", () => {
    const result = identityInputSchema.safeParse({ id: null, name: "x", email: "kim@gmail", replyTo: "ok@x.kr, bad@", signature: "" });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toEqual([
      "email: Email address: The domain “gmail” is incomplete: it needs a dot, like example.com.",
      "replyTo: Reply-to: “bad@”: The domain after the “@” is missing.",
    ]);
    expect(identityInputSchema.safeParse({ id: null, email: "" }).error!.issues[0]!.message).toBe("Email address: this is required.");
    expect(identityInputSchema.safeParse({ id: null, email: "a@x.kr", name: "n".repeat(201) }).success).toBe(false);
    // Line breaks in a name would break the From header: they become spaces.
    expect(identityInputSchema.parse({ id: null, email: "a@x.kr", name: " Kim\r\nMinsu " }).name).toBe("Kim Minsu");
  });

  it("keeps one default: switching it, and promoting another when the default is deleted", async () => {
    const account = await newAccount("ident-default-switch");
    const [first] = await listIdentities(account);
    const second = await saveIdentity(account.id, input({ email: "second@example.kr" }));
    const third = await saveIdentity(account.id, input({ email: "third@example.kr" }));

    await setDefault(account.id, third.id);
    let list = await listIdentities(account);
    expect(list.filter((i) => i.isDefault).map((i) => i.id)).toEqual([third.id]);
    expect(list[0]!.id).toBe(third.id);

    // Two switches at once still leave exactly one default.
    await Promise.all([setDefault(account.id, first!.id), setDefault(account.id, second.id)]);
    list = await listIdentities(account);
    expect(list.filter((i) => i.isDefault)).toHaveLength(1);

    await setDefault(account.id, second.id);
    await deleteIdentity(account.id, second.id);
    list = await listIdentities(account);
    // The oldest remaining one (the first) becomes the default.
    expect(list.map((i) => [i.id, i.isDefault])).toEqual([[first!.id, true], [third.id, false]]);

    await deleteIdentity(account.id, third.id);
    const last = await rejectionOf(deleteIdentity(account.id, first!.id));
    expect(last).toMatchObject({ code: "INVALID_INPUT", message: "This is your only identity: add another one before deleting it." });
  });

  it("lets a draft fall back to the default when its identity is deleted", async () => {
    const account = await newAccount("ident-draft");
    await listIdentities(account);
    const other = await saveIdentity(account.id, input({ email: "other@example.kr" }));
    const { prisma } = await database();
    const draft = await prisma.draft.create({ data: { accountId: account.id, identityId: other.id, subject: "uses other" } });
    await deleteIdentity(account.id, other.id);
    expect((await prisma.draft.findUniqueOrThrow({ where: { id: draft.id } })).identityId).toBeNull();
  });

  it("never touches another account's identities", async () => {
    const mine = await newAccount("ident-mine");
    const theirs = await newAccount("ident-theirs");
    const [their] = await listIdentities(theirs);
    await listIdentities(mine);
    const notMine = { code: "NOT_FOUND", message: "This identity no longer exists (it was deleted, perhaps in another tab)." };
    expect(await rejectionOf(saveIdentity(mine.id, input({ id: their!.id, email: "hijack@example.kr" })))).toMatchObject(notMine);
    expect(await rejectionOf(setDefault(mine.id, their!.id))).toMatchObject(notMine);
    expect(await rejectionOf(deleteIdentity(mine.id, their!.id))).toMatchObject(notMine);
    expect(await getIdentity(mine.id, their!.id)).toBeNull();
    expect(await getIdentity(theirs.id, their!.id)).toMatchObject({ email: theirs.email, isDefault: true });
  });

  it("stores the undo-send delay: 10 s by default, 0 to 60 allowed", async () => {
    const account = await newAccount("ident-undo");
    expect(await getUndoSendSeconds(account.id)).toBe(10);
    expect(await setUndoSendSeconds(account.id, 0)).toBe(0);
    expect(await getUndoSendSeconds(account.id)).toBe(0);
    await setUndoSendSeconds(account.id, 60);
    expect(await getUndoSendSeconds(account.id)).toBe(60);
    for (const bad of [61, -1, 2.5]) {
      const error = await rejectionOf(setUndoSendSeconds(account.id, bad));
      expect(error.code).toBe("INVALID_INPUT");
      expect(error.fieldErrors?.undoSendSeconds?.[0]).toMatch(/^Undo send: /);
    }
    expect(await getUndoSendSeconds(account.id)).toBe(60);
    expect(undoSendSecondsSchema.safeParse("").success).toBe(false);
    expect(undoSendSecondsSchema.safeParse("25").data).toBe(25);
  });
});
