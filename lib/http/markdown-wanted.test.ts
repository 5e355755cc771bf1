import { expect, test } from "vitest";
import { markdownRoute, wantsMarkdown } from "./markdown-wanted";

test("Markdown only when asked for: ?format=md, or an Accept header preferring it to HTML", () => {
  expect(wantsMarkdown("text/markdown", null)).toBe(true);
  expect(wantsMarkdown("text/markdown, text/html;q=0.9", null)).toBe(true);
  expect(wantsMarkdown("text/x-markdown", null)).toBe(true);
  expect(wantsMarkdown("text/plain;q=0.5, text/markdown", null)).toBe(true);
  expect(wantsMarkdown(null, "md")).toBe(true);
  expect(wantsMarkdown("text/html", "md")).toBe(true);
  // What browsers and curl send by default:
  expect(wantsMarkdown("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8", null)).toBe(false);
  expect(wantsMarkdown("*/*", null)).toBe(false);
  expect(wantsMarkdown(null, null)).toBe(false);
  expect(wantsMarkdown("text/html, text/markdown;q=0.5", null)).toBe(false);
  expect(wantsMarkdown("application/json", "html")).toBe(false);
});

test("the runbook pages with a Markdown form", () => {
  expect(markdownRoute("/systems/invoice-pipeline")).toBe("/markdown/systems/invoice-pipeline");
  expect(markdownRoute("/failure-modes/cabc123")).toBe("/markdown/failure-modes/cabc123");
  expect(markdownRoute("/procedures/cabc123/")).toBe("/markdown/procedures/cabc123");
  expect(markdownRoute("/alerts/InvoiceParserTimeout")).toBe("/markdown/alerts/InvoiceParserTimeout");
  expect(markdownRoute("/systems/invoice-pipeline/edit")).toBeNull();
  expect(markdownRoute("/systems")).toBeNull();
  expect(markdownRoute("/contacts/c1")).toBeNull();
});
