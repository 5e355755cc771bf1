import { expect, test } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

test("paths of this site are kept, with their query and fragment", () => {
  expect(safeRedirectPath("/")).toBe("/");
  expect(safeRedirectPath("/systems/invoice-pipeline")).toBe("/systems/invoice-pipeline");
  expect(safeRedirectPath("/search?q=lambda%20timeout#results")).toBe("/search?q=lambda%20timeout#results");
  expect(safeRedirectPath("/alerts/InvoiceParserTimeout")).toBe("/alerts/InvoiceParserTimeout");
  expect(safeRedirectPath("/systems/../contacts")).toBe("/contacts");
});

test.each([
  ["protocol-relative", "//evil.example"],
  ["backslash", "/\\evil.example"],
  ["backslash, encoded then decoded", decodeURIComponent("/%5Cevil.example")],
  ["tab", "/\t/evil.example"],
  ["newline", "/\n/evil.example"],
  ["carriage return", "/\r/evil.example"],
  ["slash backslash slash", "/\\/evil.example"],
  ["dot segment", "/.//evil.example"],
  ["double-dot segment", "/a/..//evil.example"],
  ["absolute URL", "https://evil.example/"],
  ["javascript", "javascript:alert(1)"],
  ["data", "data:text/html,<script>alert(1)</script>"],
  ["no leading slash", "evil.example"],
  ["empty", ""],
  ["credentials", "/@evil.example"],
])("%s leaves the site: %j → /", (_name, value) => {
  const result = safeRedirectPath(value);
  expect(new URL(result, "https://runbooks.example.com").host).toBe("runbooks.example.com");
  if (value !== "/@evil.example") expect(result).toBe("/");
});

test("anything that is not a string falls back", () => {
  expect(safeRedirectPath(undefined)).toBe("/");
  expect(safeRedirectPath(["/a", "/b"])).toBe("/");
  expect(safeRedirectPath("/x".repeat(2_000))).toBe("/");
  expect(safeRedirectPath(null, "/systems")).toBe("/systems");
});
