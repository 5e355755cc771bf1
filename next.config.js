/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ["pg", "@node-rs/argon2", "@node-rs/bcrypt"],
  // Security headers are set for every response by the portal's server (scripts/serve.ts),
  // the Content-Security-Policy with its per-request nonce by proxy.ts.
  experimental: {
    // The same limit as the portal's server (MAX_BODY_BYTES in lib/limits.ts), which answers 413 above it.
    serverActions: { bodySizeLimit: "2mb" },
  },
};

export default nextConfig;
