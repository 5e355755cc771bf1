import { keyBase } from "@/lib/entries/keys";
import { FORMAT, type FileEntry } from "@/lib/runbooks/format";
import type { RunbookSet } from "./set";

// Generated runbooks that read like real ones (services, alerts, hostnames, exception
// names, commands), deterministic for a seed, in the runbook-portal/v1 format of the demo
// runbooks. The relevance tests mix them with the demo as distractors; the benchmarks load
// thousands of them.

const AREAS = ["billing", "checkout", "search", "catalog", "payments", "shipping", "inventory", "pricing", "reporting", "identity", "notification", "ledger", "fraud", "recommendation", "media", "export", "import", "sync", "gateway", "scheduler"];
const ROLES = ["api", "worker", "pipeline", "service", "job", "indexer", "bridge", "store", "processor", "cache"];
const PROBLEMS = [
  ["Timeout", "Requests time out", "TimeoutException"],
  ["High latency", "p99 latency above the SLO", "SlowResponseWarning"],
  ["Error rate spike", "5xx responses above 2%", "InternalServerError"],
  ["Queue backlog", "messages pile up in the queue", "QueueDepthExceeded"],
  ["Disk full", "the data volume is above 95%", "NoSpaceLeftOnDevice"],
  ["Memory pressure", "containers are OOM-killed", "OutOfMemoryError"],
  ["Certificate expiry", "TLS handshakes fail", "SSLHandshakeException"],
  ["Throttling", "the cloud provider throttles calls", "ThrottlingException"],
  ["Replication lag", "replicas fall behind the primary", "ReplicaLagHigh"],
  ["Connection refused", "clients cannot connect", "ConnectionRefusedError"],
] as const;
const DEPENDENCIES = [
  ["PostgreSQL cluster", "DATABASE"],
  ["Redis cache", "DATABASE"],
  ["Kafka", "QUEUE"],
  ["Object storage", "CLOUD_SERVICE"],
  ["Payment provider API", "EXTERNAL_API"],
  ["Email delivery API", "EXTERNAL_API"],
  ["Kubernetes cluster", "CLOUD_SERVICE"],
  ["Feature flag service", "INTERNAL_SYSTEM"],
] as const;
const FIRST = ["Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery", "Quinn", "Rowan", "Emery"];
const LAST = ["Nguyen", "Schmidt", "Okafor", "Silva", "Kowalski", "Haddad", "Tanaka", "Moreau", "Lindqvist", "Costa", "Brennan", "Varga"];
const FILLER = [
  "Check the dashboard before changing anything.",
  "Most incidents clear once the upstream recovers.",
  "Keep the incident channel updated every 15 minutes.",
  "The nightly batch makes this worse between 01:00 and 03:00 UTC.",
  "Scaling out helps only when the database is healthy.",
  "Ask the owner before replaying more than one day of data.",
  "Old alerts may still fire for a few minutes after recovery.",
  "Customers see stale data until the cache is refreshed.",
];

/** A small seeded generator (mulberry32), so a seed always gives the same corpus. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!, int: (max: number) => Math.floor(next() * max) };
}

const pascal = (text: string) => text.replace(/(^|[\s-])(\w)/g, (_, __, c: string) => c.toUpperCase()).replace(/[\s-]/g, "");

/** `count` systems, each with dependencies, procedures, failure modes, an escalation ladder and two contacts. */
export function generateRunbooks(count: number, seed = 1, perSystem = { failureModes: 7, procedures: 7, dependencies: 4, levels: 4 }): RunbookSet {
  const r = random(seed);
  const contacts: FileEntry[] = [];
  const systems: RunbookSet["systems"] = [];
  for (let i = 0; i < count; i++) {
    const area = AREAS[i % AREAS.length]!;
    const role = ROLES[Math.floor(i / AREAS.length) % ROLES.length]!;
    const n = Math.floor(i / (AREAS.length * ROLES.length)) + 1;
    const slug = `${area}-${role}-${n}`;
    const name = `${area[0]!.toUpperCase()}${area.slice(1)} ${role} ${n}`;
    const service = pascal(`${area} ${role}`) + n;
    const host = `${slug}.prod.example.com`;
    const ownerKey = `owner-${i}`;
    const teamKey = `team-${i}`;
    const person = `${r.pick(FIRST)} ${r.pick(LAST)}`;
    contacts.push(
      { key: ownerKey, name: `${person} (${slug})`, kind: "PERSON", role: `Owner, ${name}`, email: `${person.toLowerCase().replace(" ", ".")}.${i}@example.com`, phone: `+1 555 ${String(1000 + i).padStart(4, "0")}`, chat: `@${slug}-owner` },
      { key: teamKey, name: `${pascal(area)} team ${i}`, kind: "TEAM", role: `On call for ${name}`, chat: `#${slug}-oncall`, pagerUrl: `https://pager.example.com/rotations/${slug}` },
    );
    const procedures = Array.from({ length: perSystem.procedures }, (_, p) => {
      const [problem] = PROBLEMS[(i + p) % PROBLEMS.length]!;
      return {
        key: `p${p}`,
        title: `Recover ${name} from ${problem.toLowerCase()}`,
        assumptions: r.pick(FILLER),
        steps: [
          { instruction: `Check the health of ${host}.`, command: `curl -fsS https://${host}/healthz`, expectedResult: "HTTP 200 with status ok." },
          { instruction: "Restart the deployment.", command: `kubectl -n ${area} rollout restart deploy/${slug}`, expectedResult: "All pods ready within 5 minutes." },
          { instruction: r.pick(FILLER), command: "", expectedResult: "" },
        ],
        verification: `Error rate of ${service} back under 1%.`,
        rollback: `kubectl -n ${area} rollout undo deploy/${slug}`,
        estimatedMinutes: 5 + r.int(40),
      };
    });
    systems.push({
      format: FORMAT,
      kind: "system",
      slug,
      name,
      tier: r.pick(["TIER_1", "TIER_2", "TIER_3", "TIER_4"] as const),
      purpose: `Runs the ${area} ${role} for the shop. ${r.pick(FILLER)}`,
      schedule: r.pick(["Always on", "Hourly", "Daily at 02:00 UTC", "On every order event"]),
      inputs: `Events from the ${r.pick(AREAS)} service.`,
      outputs: `Rows in the ${area}_${role} database on ${area}-db-${n}.prod.example.com.`,
      components: [
        { kind: "Deployment", name: `${name} pods`, identifier: `deploy/${slug}` },
        { kind: "Host", name: "Primary host", identifier: host },
      ],
      owner: ownerKey,
      backupOwner: teamKey,
      onCall: `#${slug}-oncall`,
      links: [{ label: "Dashboard", url: `https://grafana.example.com/d/${slug}` }],
      boundaries: r.pick(FILLER),
      deploymentNotes: `Version v${1 + r.int(5)}.${r.int(10)}.${r.int(10)}.`,
      dependencies: Array.from({ length: perSystem.dependencies }, (_, d) => {
        const [depName, kind] = DEPENDENCIES[(i + d) % DEPENDENCIES.length]!;
        return {
          key: keyBase(`${depName} (${slug})`, `dependency-${d}`),
          name: `${depName} (${slug})`,
          kind,
          usedFor: `${name} reads and writes its state here.`,
          failureModes: `${r.pick(PROBLEMS)[1]}; ${r.pick(PROBLEMS)[2]} in the logs.`,
          impact: r.pick(FILLER),
          detection: `Alerts from ${service}.`,
          mitigation: r.pick(FILLER),
        };
      }),
      procedures,
      failureModes: Array.from({ length: perSystem.failureModes }, (_, f) => {
        const [problem, symptom, exception] = PROBLEMS[(i + f) % PROBLEMS.length]!;
        return {
          key: keyBase(`${problem} in ${name}`, `failure-mode-${f}`),
          title: `${problem} in ${name}`,
          severity: r.pick(["SEV1", "SEV2", "SEV3", "SEV4"] as const),
          alertNames: [`${service}${pascal(problem)}`],
          detection: `${symptom}; logs on ${host} show \`${exception}\`.`,
          causes: r.pick(FILLER),
          customerImpact: r.pick(FILLER),
          immediateActions: [`Open the ${service} dashboard.`, r.pick(FILLER), "Page the owner if it lasts over 15 minutes."],
          escalation: "Owner, then the team channel.",
          procedures: [`p${f % perSystem.procedures}`],
        };
      }),
      escalationLevels: Array.from({ length: perSystem.levels }, (_, l) => ({
        key: `level-${l + 1}`,
        level: l + 1,
        name: ["On-call engineer", "System owner", "Engineering manager", "Incident commander"][l % 4]!,
        when: l === 0 ? "Any alert." : `Unresolved after ${15 * l} minutes.`,
        afterMinutes: 15 * l,
        expectedResponseMinutes: 5 + 5 * l,
        responsibilities: r.pick(FILLER),
        contacts: [l % 2 ? ownerKey : teamKey],
      })),
    });
  }
  return { contacts: { format: FORMAT, kind: "contacts", contacts }, systems };
}
