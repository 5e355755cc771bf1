/** The host of NEXTAUTH_URL, when set: read when the server starts. */
function publicHosts() {
  try {
    return process.env.NEXTAUTH_URL ? [new URL(process.env.NEXTAUTH_URL).host] : [];
  } catch {
    return [];
  }
}

/** The largest upload of runbook files, as lib/limits.ts maxUploadBytes() reads it. */
function maxUploadBytes() {
  const megabytes = Number(process.env.RUNBOOK_IMPORT_MAX_UPLOAD_MB);
  return (Number.isFinite(megabytes) && megabytes > 0 ? megabytes : 50) * 1024 * 1024;
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Every page's <title> and metadata in its <head>, for every browser, not streamed in after
  // the content: pages are whole HTML before any script runs (README, "On call from a phone or a terminal").
  htmlLimitedBots: /.*/,
  serverExternalPackages: ["pg", "@node-rs/argon2", "@node-rs/bcrypt"],
  // Security headers are set for every response by the portal's server (scripts/serve.ts),
  // the Content-Security-Policy with its per-request nonce by proxy.ts.
  experimental: {
    // proxy.ts runs before every route, and Next.js buffers a body for it only up to this size:
    // uploads to /import (lib/limits.ts) must arrive whole.
    proxyClientMaxBodySize: maxUploadBytes(),
    serverActions: {
      // The same limit as the portal's server (MAX_BODY_BYTES in lib/limits.ts), which answers 413 above it.
      bodySizeLimit: "2mb",
      // Forms posted from the public address are the portal's own, even when a proxy forwards another Host
      // (the portal's server accepts the same origins: lib/server/responses.ts).
      allowedOrigins: publicHosts(),
    },
  },
};

export default nextConfig;
