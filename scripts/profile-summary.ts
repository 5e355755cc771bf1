// `npx tsx scripts/profile-summary.ts <dir or .cpuprofile>`: where a server's CPU time went,
// from the V8 CPU profile `BENCH_CPU_PROFILE=<dir> npm run bench:pages` makes: self time by
// area (Next.js, React's renderer, Prisma, pg, the portal's own code…) and the functions
// that took the most.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] };
type Profile = { nodes: Node[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

const target = process.argv[2];
if (!target) {
  process.stderr.write("Usage: npx tsx scripts/profile-summary.ts <dir or file.cpuprofile> [top]\n");
  process.exit(2);
}
const file = statSync(target).isDirectory()
  ? readdirSync(target).filter((name) => name.endsWith(".cpuprofile")).map((name) => join(target, name)).sort((a, b) => statSync(b).size - statSync(a).size)[0]!
  : target;
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const top = Number(process.argv[3] ?? 25);

// Self time per node: each sample's delta goes to the node sampled.
const self = new Map<number, number>();
profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));

const AREAS: [RegExp, string][] = [
  [/node_modules\/next\/dist\/compiled\/react-server-dom|react-server-dom/, "React server components (RSC payload)"],
  [/node_modules\/next\/dist\/compiled\/react-dom|react-dom/, "React DOM server rendering (HTML)"],
  [/node_modules\/next\//, "Next.js"],
  [/@prisma|\/prisma\/|generated\/prisma/, "Prisma"],
  [/node_modules\/pg|pg-protocol/, "pg"],
  [/node_modules\/(unified|remark|mdast|micromark|hast|rehype)/, "Markdown"],
  [/node_modules\/(jose|next-auth|@panva|oauth4webapi)/, "sessions (next-auth, jose)"],
  [/node_modules\/zod/, "zod"],
  [/node_modules\//, "other packages"],
  [/\/(lib|app|components|scripts)\//, "the portal's own code"],
  [/^node:|^internal\//, "Node.js"],
  [/^$/, "V8 (garbage collection, compiling, idle)"],
];
const areaOf = (url: string) => AREAS.find(([pattern]) => pattern.test(url))?.[1] ?? "other";

const areas = new Map<string, number>();
const functions = new Map<string, number>();
let total = 0;
for (const [id, micros] of self) {
  const node = byId.get(id)!;
  const { functionName, url, lineNumber } = node.callFrame;
  if (functionName === "(idle)") continue;
  total += micros;
  const area = functionName === "(garbage collector)" ? "V8 (garbage collection, compiling, idle)" : areaOf(url);
  areas.set(area, (areas.get(area) ?? 0) + micros);
  const name = `${functionName || "(anonymous)"} ${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(lib|app|components|scripts)\//, "$1/")}:${lineNumber + 1}`;
  functions.set(name, (functions.get(name) ?? 0) + micros);
}
const ms = (micros: number) => `${(micros / 1000).toFixed(0)} ms`;
const share = (micros: number) => `${((100 * micros) / total).toFixed(1)}%`;
process.stdout.write(`${file}: ${ms(total)} of CPU (idle left out)\n\n| area | CPU | share |\n|---|---:|---:|\n`);
for (const [area, micros] of [...areas].sort((a, b) => b[1] - a[1])) process.stdout.write(`| ${area} | ${ms(micros)} | ${share(micros)} |\n`);
process.stdout.write(`\n| function (self time) | CPU | share |\n|---|---:|---:|\n`);
for (const [name, micros] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`| ${name.replace(/\|/g, "\\|")} | ${ms(micros)} | ${share(micros)} |\n`);
