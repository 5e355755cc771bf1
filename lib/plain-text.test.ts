import { expect, test } from "vitest";
import { clip, plainText } from "./plain-text";

test("plainText drops Markdown syntax but keeps the words and identifiers", () => {
  expect(plainText("Check **DynamoDB** throttling in [the dashboard](https://x.example.com) for `invoices_final`.")).toBe(
    "Check DynamoDB throttling in the dashboard for invoices_final.",
  );
  expect(plainText("- one\n- two")).toBe("• one • two");
});

test("plainText keeps identifiers that look like emphasis exactly as written", () => {
  expect(plainText("Empty retail_invoices_prod first")).toBe("Empty retail_invoices_prod first");
  expect(plainText("Run ~/deploy_all_now.sh again")).toBe("Run ~/deploy_all_now.sh again");
  expect(plainText("a*b*c")).toBe("a*b*c");
  expect(plainText("2*3*4 = 24")).toBe("2*3*4 = 24");
  expect(plainText("snake_case_name and a_b_c, 2_000_000")).toBe("snake_case_name and a_b_c, 2_000_000");
  expect(plainText("~~gone~~ but *kept* and _also_")).toBe("gone but kept and also");
});

test("plainText keeps code spans and code blocks character for character", () => {
  expect(plainText("Run `aws s3 ls s3://retail-invoices-prod/ --recursive | grep '*.pdf'` now")).toBe(
    "Run aws s3 ls s3://retail-invoices-prod/ --recursive | grep '*.pdf' now",
  );
  expect(plainText("Restart:\n\n```sh\nkubectl -n billing rollout restart deploy/invoice_parser\n```")).toBe(
    "Restart: kubectl -n billing rollout restart deploy/invoice_parser",
  );
  expect(plainText("`a  b`")).toBe("a  b");
});

test("plainText flattens nested lists readably, never numbering twice", () => {
  const markdown = [
    "If a webhook is preventing the pod deletion:",
    "",
    "    1. Check the `openshift-kube-apiserver` logs.",
    "    2. Back up and delete the webhook",
  ].join("\n");
  // Indented four spaces after a paragraph is a code block in CommonMark; as a list item it nests:
  expect(plainText("- If a webhook blocks deletion:\n\n    1. Check the `openshift-kube-apiserver` logs.\n    2. Back up and delete the webhook")).toBe(
    "If a webhook blocks deletion: 1) Check the openshift-kube-apiserver logs. 2) Back up and delete the webhook",
  );
  expect(plainText(markdown)).toContain("1. Check the `openshift-kube-apiserver` logs.");
  // A step that is itself one numbered item reads as the item: the printed list numbers it already.
  expect(plainText("1. If the parser hangs\n   1. restart it\n   2. check the logs")).toBe("If the parser hangs 1) restart it 2) check the logs");
  expect(plainText("- one")).toBe("one");
  expect(plainText("3. third\n4. fourth")).toBe("3) third 4) fourth");
  expect(plainText("1. If the parser hangs\n   1. restart it")).not.toMatch(/\d\.\s+\d\./);
});

test("plainText reads tables, images and headings as text", () => {
  expect(plainText("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |")).toBe("Title a | b / 1 | 2");
  expect(plainText("![the graph](https://x.example.com/g.png)")).toBe("the graph");
  expect(plainText("")).toBe("");
  expect(plainText("line one  \nline two")).toBe("line one line two");
});

test("clip cuts at a word boundary and says so", () => {
  expect(clip("short", 10)).toEqual({ text: "short", clipped: false });
  expect(clip("the quick brown fox jumps", 14)).toEqual({ text: "the quick…", clipped: true });
});
