import { expect, test } from "vitest";
import { clip, plainText } from "./plain-text";

test("plainText drops Markdown syntax but keeps the words and identifiers", () => {
  expect(plainText("Check **DynamoDB** throttling in [the dashboard](https://x.example.com) for `invoices_final`.")).toBe(
    "Check DynamoDB throttling in the dashboard for invoices_final.",
  );
  expect(plainText("- one\n- two")).toBe("one two");
});

test("clip cuts at a word boundary and says so", () => {
  expect(clip("short", 10)).toEqual({ text: "short", clipped: false });
  expect(clip("the quick brown fox jumps", 14)).toEqual({ text: "the quick…", clipped: true });
});
