import { expect, test } from "vitest";
import type { Code, Root } from "mdast";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { alertMarkdown, failureModeMarkdown, fenced, procedureMarkdown } from "./as-markdown";

// The Markdown form of a runbook, read back by a real Markdown parser: each command comes
// out of its fenced block exactly as stored, and what matters first comes first.

const COMMANDS = [
  "kubectl -n billing rollout restart deploy/invoice_parser",
  "echo `date` && echo ``two`` && printf '```not a fence```'",
  "for f in *.pdf; do\n\taws s3 cp \"$f\" s3://retail-invoices-prod/  \ndone",
  "```\ninside\n```",
  "psql -c 'SELECT 2*3*4' # ~/deploy_all_now.sh <url> | tee out.txt",
  "  indented first line and a trailing space ",
];

const contact = { name: "Dana Whitfield", kind: "PERSON" as const, role: "Owner", email: "dana@example.com", phone: "+1 555 0100", chat: "@dana", pagerUrl: "" };
const system = {
  name: "Invoice pipeline",
  slug: "invoice-pipeline",
  tier: "TIER_1" as const,
  onCall: "Current pager rotation",
  owner: contact,
  backupOwner: null,
  deletedAt: null,
  escalationLevels: [
    { level: 1, name: "On-call engineer", when: "Any alert", afterMinutes: 0, expectedResponseMinutes: 5, responsibilities: "Redeploy.", contacts: [contact] },
    { level: 2, name: "Owner", when: "Not fixed in 15 min", afterMinutes: 15, expectedResponseMinutes: 15, responsibilities: "", contacts: [] },
  ],
};
const procedure = {
  id: "p1",
  title: "Replay the backlog",
  assumptions: "The API is back.",
  steps: COMMANDS.map((command, index) => ({ instruction: `Step number ${index + 1}`, command, expectedResult: index === 0 ? "Pods restart." : "" })),
  verification: "Queue empties.",
  rollback: "Stop the replay.",
  estimatedMinutes: 30,
  approvalRequired: "",
  version: 2,
  deletedAt: null,
};
const failureMode = {
  id: "f1",
  title: "Lambda timeout",
  severity: "SEV2" as const,
  alertNames: ["InvoiceParserTimeout"],
  customerImpact: "Invoices never appear.",
  immediateActions: ["Check logs in `/aws/lambda/invoice-parser`.", "If the API is up:\n\n1. raise the timeout\n2. redeploy"],
  detection: "Alarm fires.",
  causes: "Slow API.",
  escalation: "Owner after 15 min.",
  version: 3,
  deletedAt: null,
  procedures: [procedure],
  system,
};
const links = { base: "https://runbooks.example.com" };

function codeBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  visit(unified().use(remarkParse).parse(markdown) as Root, "code", (node: Code) => void blocks.push(node.value));
  return blocks;
}

test("every command comes back out of its fenced block byte for byte", () => {
  for (const command of COMMANDS) expect(codeBlocks(fenced(command))).toEqual([command]);
  const markdown = failureModeMarkdown(failureMode, links);
  expect(codeBlocks(markdown)).toEqual(COMMANDS);
  // Never indented: the bytes between the fences are the command itself.
  for (const command of COMMANDS) expect(markdown).toContain(`\n${command}\n`);
});

test("a failure mode: severity, impact and immediate actions first, then the fix, then who to call", () => {
  const markdown = failureModeMarkdown(failureMode, links);
  const at = (text: string) => {
    const index = markdown.indexOf(text);
    expect(index, text).toBeGreaterThanOrEqual(0);
    return index;
  };
  expect(markdown.startsWith("# Lambda timeout\n")).toBe(true);
  const order = [at("**Severity:** SEV2 · high"), at("## Customer impact"), at("## Immediate actions"), at("## Fix: Replay the backlog"), at("## Who to call"), at("### L1 · On-call engineer"), at("## Detection")];
  expect(order).toEqual([...order].sort((a, b) => a - b));
  expect(markdown).toContain("`InvoiceParserTimeout`");
  expect(markdown).toContain("1. Check logs in `/aws/lambda/invoice-parser`.\n2. If the API is up:\n\n   1. raise the timeout\n   2. redeploy");
  expect(markdown).toContain("**Dana Whitfield** (Owner) — phone +1 555 0100 · email dana@example.com · chat `@dana`");
  expect(markdown).toContain("https://runbooks.example.com/failure-modes/f1");
  expect(markdown).toContain("(after 15 min, responds within 15 min)");
});

test("a missing severity is said in words, and an alert of several failure modes lists each", () => {
  const unknown = { ...failureMode, id: "f2", title: "Imported alert", severity: "UNKNOWN" as const };
  expect(failureModeMarkdown(unknown, links)).toContain("**Severity:** severity not set");
  expect(failureModeMarkdown(unknown, links)).not.toContain("SEV?");
  const both = alertMarkdown("InvoiceParserTimeout", [failureMode, unknown], links);
  expect(both.startsWith("# Alert `InvoiceParserTimeout`: 2 runbooks\n")).toBe(true);
  expect(both).toContain("# Lambda timeout");
  expect(both).toContain("# Imported alert");
  expect(alertMarkdown("InvoiceParserTimeout", [failureMode], links)).toBe(failureModeMarkdown(failureMode, links));
});

test("a procedure: its steps with commands, what it fixes, who to call", () => {
  const markdown = procedureMarkdown({ ...procedure, system, failureModes: [{ id: "f1", title: "Lambda timeout", severity: "SEV2", alertNames: ["InvoiceParserTimeout"] }] }, links);
  expect(codeBlocks(markdown)).toEqual(COMMANDS);
  expect(markdown).toContain("**Step 1.** Step number 1");
  expect(markdown).toContain("Expect: Pods restart.");
  expect(markdown).toContain("- SEV2 · high: Lambda timeout (`InvoiceParserTimeout`) — https://runbooks.example.com/failure-modes/f1");
  expect(markdown.indexOf("## Steps")).toBeLessThan(markdown.indexOf("## Who to call"));
});

test("fields that open with a block keep it whole: the label goes in a paragraph of its own", () => {
  const fencedInstruction = "```sh\nsystemctl restart parser\n```\nthen watch the logs";
  const steps = [
    { instruction: fencedInstruction, command: "journalctl -u parser -f", expectedResult: "- no errors\n- queue drains" },
    { instruction: "Plain words", command: "echo done", expectedResult: "" },
  ];
  const markdown = procedureMarkdown({ ...procedure, assumptions: "> quoted assumption", steps, system, failureModes: [] }, links);
  expect(codeBlocks(markdown)).toEqual(["systemctl restart parser", "journalctl -u parser -f", "echo done"]);
  expect(markdown).toContain("**Step 1.**\n\n```sh\nsystemctl restart parser\n```");
  expect(markdown).toContain("Expect:\n\n- no errors\n- queue drains");
  expect(markdown).toContain("**Step 2.** Plain words");
  expect(markdown).toContain("**Assumes:**\n\n> quoted assumption");
});
