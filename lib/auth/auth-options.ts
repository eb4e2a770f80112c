import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { deleteAppSession } from "@/lib/db/accounts";
import { userMessage } from "@/lib/i18n/user-message";
import { SESSION_TTL_MS, signIn } from "@/lib/mail/sign-in";
import { prepareInbox } from "@/lib/mail/sync-mail";
import { appSecret } from "./app-secret";
import { signInSchema } from "./server-settings";
import { signInProblem } from "./sign-in-problem";

declare module "next-auth" {
  interface Session {
    /** Our app_sessions row; the account is looked up from it on every request. */
    sid: string;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    sid?: string;
  }
}

let options: NextAuthOptions | undefined;

/**
 * next-auth configuration: one credentials provider whose check is an IMAP
 * LOGIN. The JWT cookie carries only the id of a server-side session row, so
 * the password never reaches the browser and sign-out really ends the session.
 */
export function authOptions(): NextAuthOptions {
  if (options) return options;
  options = {
    secret: appSecret(),
    session: { strategy: "jwt", maxAge: SESSION_TTL_MS / 1000 },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Mail account",
        credentials: {
          email: { type: "email" },
          password: { type: "password" },
          imapHost: {}, imapPort: {}, imapSecurity: {},
          smtpHost: {}, smtpPort: {}, smtpSecurity: {},
        },
        async authorize(credentials) {
          const parsed = signInSchema.safeParse(credentials ?? {});
          if (!parsed.success) throw new Error(await signInProblem(parsed.error));
          try {
            const { sessionId, account } = await signIn(parsed.data);
            prepareInbox(account);
            return { id: sessionId, email: account.email, name: account.displayName ?? account.email };
          } catch (error) {
            // next-auth hands this message to the form: our own messages in the reader's language,
            // a generic line (and the log) for anything else.
            throw new Error(await userMessage(error, "sign-in"));
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.sid = user.id;
        return token;
      },
      session({ session, token }) {
        session.sid = token.sid ?? "";
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.sid) await deleteAppSession(token.sid);
      },
    },
  };
  return options;
}
