import { stringify } from "yaml";

// A system bigger than any sheet: 40 failure modes, 20 procedures of 15 steps, 8
// escalation levels and long Markdown (nested lists, code, long paragraphs), as
// runbook-portal/v1 files for /api/v1/import. Deterministic for a given tag.

const SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4", "UNKNOWN"] as const;

const LONG =
  "When the parser stalls, the queue backs up and every upstream producer starts retrying with exponential back-off, " +
  "which doubles the load on the API gateway within minutes; check `retail_invoices_prod` and `~/deploy_all_now.sh` before anything else, " +
  "then compare the p99 latency of the last hour with the same hour yesterday on the **Invoices** dashboard.";

const NESTED = [
  "If a webhook is preventing the pod deletion:",
  "",
  "1. Check the `openshift-kube-apiserver` logs to see exactly what webhook is preventing deletion.",
  "   1. Look for `failed calling webhook` lines.",
  "   2. Note the webhook's name.",
  "2. Back up and delete the webhook:",
  "",
  "   ```console",
  "   $ oc get validatingwebhookconfiguration/<webhook_name> -o yaml > webhook.yaml",
  "   $ oc delete validatingwebhookconfiguration <webhook_name>",
  "   ```",
].join("\n");

export function bigSystemFiles(tag: string) {
  const slug = `big-${tag}`;
  const contacts = Array.from({ length: 12 }, (_, i) => ({
    key: `${slug}-person-${i}`,
    name: `Person ${i} of ${tag}`,
    kind: i % 3 === 0 ? "TEAM" : "PERSON",
    role: `Role ${i}: ${LONG.slice(0, 60)}`,
    email: `person-${i}-${tag}@example.com`,
    phone: `+1 555 01${String(i).padStart(2, "0")}`,
    chat: `@person-${i}-${tag}`,
  }));
  const procedures = Array.from({ length: 20 }, (_, p) => ({
    key: `procedure-${p}`,
    title: `Recover part ${p} of the pipeline after a long outage of its upstream dependency`,
    assumptions: LONG,
    estimatedMinutes: 30 + p,
    steps: Array.from({ length: 15 }, (_, s) => ({
      instruction: `Step ${s + 1}: ${s % 2 ? NESTED : LONG}`,
      command: `aws lambda invoke --function-name invoice-parser-replay-${p}-${s} --payload '{"date": "2024-04-01", "part": ${p}}' response-${s}.json && jq '.StatusCode' response-${s}.json`,
      expectedResult: `Status 200 for part ${p}; ${LONG.slice(0, 120)}`,
    })),
    verification: LONG,
    rollback: NESTED,
  }));
  const failureModes = Array.from({ length: 40 }, (_, f) => ({
    key: `failure-${f}`,
    title: `Failure ${f}: ${f % 4 === 0 ? "the invoice parser times out on very large scanned PDFs" : "writes throttled"}`,
    severity: SEVERITIES[f % SEVERITIES.length],
    alertNames: [`Big${tag}Alert${f}`, `Big${tag}AlertSecondary${f}`],
    customerImpact: `${LONG} ${f % 3 === 0 ? NESTED : ""}`,
    detection: LONG,
    causes: NESTED,
    immediateActions: Array.from({ length: 7 }, (_, a) => (a % 2 ? NESTED : `${a + 1}. ${LONG}`)),
    escalation: LONG,
    procedures: [`procedure-${f % 20}`],
  }));
  const escalationLevels = Array.from({ length: 8 }, (_, l) => ({
    key: `level-${l}`,
    level: l + 1,
    name: `Level ${l + 1}: ${["On-call engineer", "System owner", "Team lead", "Head of operations"][l % 4]}`,
    when: LONG,
    afterMinutes: l * 15,
    expectedResponseMinutes: 5 + l,
    responsibilities: NESTED,
    contacts: [contacts[l % 12]!.key, contacts[(l + 5) % 12]!.key],
  }));
  const dependencies = Array.from({ length: 10 }, (_, d) => ({
    key: `dependency-${d}`,
    name: `Upstream service ${d}`,
    kind: "EXTERNAL_API",
    usedFor: LONG,
    failureModes: LONG,
    impact: LONG,
    detection: LONG,
    mitigation: NESTED,
  }));
  const system = {
    format: "runbook-portal/v1",
    kind: "system",
    slug,
    name: `Big generated system ${tag}`,
    tier: "TIER_1",
    purpose: `${LONG} ${LONG}`,
    schedule: "Every five minutes, and on every upload to the inbound bucket",
    components: Array.from({ length: 12 }, (_, c) => ({ kind: "Lambda", name: `Worker ${c}`, identifier: `invoice-worker-${c}-${tag}` })),
    owner: contacts[0]!.key,
    backupOwner: contacts[1]!.key,
    onCall: `${LONG}`,
    failureModes,
    procedures,
    escalationLevels,
    dependencies,
  };
  return {
    slug,
    files: [
      { name: `contacts-${tag}.yaml`, content: stringify({ format: "runbook-portal/v1", kind: "contacts", contacts }) },
      { name: `systems/${slug}.yaml`, content: stringify(system) },
    ],
  };
}
