// An expected failure (mail server down, wrong settings) said plainly, with a way to try again.
import Link from "next/link";

export function ErrorPanel({ title, message, retryHref, retryLabel }: { title: string; message: string; retryHref: string; retryLabel: string }) {
  return (
    <div role="alert" className="mx-auto my-10 max-w-xl rounded-lg border border-red-200 bg-red-50 px-5 py-4 text-sm text-red-900">
      <p className="font-semibold">{title}</p>
      <p className="mt-1 break-words">{message}</p>
      <Link href={retryHref} className="mt-3 inline-block font-semibold underline underline-offset-4">{retryLabel}</Link>
    </div>
  );
}
