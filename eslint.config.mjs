import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    // Links go through components/ui/link.tsx, which turns prefetching off (see there).
    files: ["app/**/*.tsx", "components/**/*.tsx"],
    ignores: ["components/ui/link.tsx"],
    rules: { "no-restricted-imports": ["error", { paths: [{ name: "next/link", message: "Use @/components/ui/link (no prefetching)." }] }] },
  },
  {
    // The service worker is three classic scripts (sw.js loads the others with importScripts)
    // sharing one global scope: a top-level name of one is used by another, which the rule
    // for unused names cannot see across files.
    files: ["public/sw*.js"],
    languageOptions: { sourceType: "script" },
    rules: { "@typescript-eslint/no-unused-vars": "off" },
  },
  { ignores: [".next/**", "node_modules/**", "lib/generated/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
];

export default config;
