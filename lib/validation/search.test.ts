import { expect, test } from "vitest";
import { searchQuerySchema } from "./search";
import { alertNameQuery } from "./failure-mode";

test("control characters never reach a search or an alert lookup", () => {
  expect(searchQuerySchema.parse({ q: "lambda\u0000timeout" }).q).toBe("lambda timeout");
  expect(searchQuerySchema.parse({ q: "\u0000" }).q).toBe("");
  expect(searchQuerySchema.parse({ q: "x".repeat(500) }).q).toBe("");
  expect(alertNameQuery.safeParse("InvoiceParserTimeout").success).toBe(true);
  expect(alertNameQuery.safeParse("Invoice\u0000Parser").success).toBe(false);
});
