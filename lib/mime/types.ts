/**
 * Shared MIME types. Kept free of server-only imports so that client components (the compose
 * form's recipient field) can use them too.
 */

/** One mailbox: display name (may be empty) and addr-spec. */
export interface MailAddress {
  name: string;
  address: string;
}
