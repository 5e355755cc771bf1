import { expect } from "./fixtures";

// What the hardening specs (hardening-*.spec.ts) share.

/** That an answer's page says `expected` (without printing the whole page when it does not). */
export async function expectSays(answer: import("@playwright/test").APIResponse, expected: string | RegExp) {
  const text = await answer.text();
  const found = typeof expected === "string" ? text.includes(expected) : expected.test(text);
  expect(found, `the answer (${answer.status()}) should say ${String(expected)}`).toBe(true);
}
