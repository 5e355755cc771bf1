// `npm run export -- <dir>`: the portal's runbooks as files, the same as /export gives:
//   <dir>/systems/<slug>.yaml and <dir>/contacts.yaml      (runbook-portal/v1)
//   --include-deleted   deleted entries too, marked `deleted: true`
//   --html              the offline bundle instead: a static site of the live runbooks that opens from file://
//   --backstage         <dir>/catalog-info.yaml instead: a Backstage catalog entity per live system, linking to
//                       its overview at --portal <url> (default NEXTAUTH_URL, else http://localhost:3000)
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { withDatabase } from "./lib/database";

const say = (message: string) => process.stdout.write(`${message}\n`);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "include-deleted": { type: "boolean", default: false },
    html: { type: "boolean", default: false },
    backstage: { type: "boolean", default: false },
    portal: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help || positionals.length !== 1) {
  say("usage: npm run export -- <dir> [--include-deleted] [--html | --backstage [--portal <url>]]");
  process.exit(values.help ? 0 : 2);
}

const target = resolve(positionals[0]!);

await withDatabase(async () => {
  // Imported here: lib/db reads DATABASE_URL when first used.
  const portal = values.portal ?? process.env.NEXTAUTH_URL ?? "http://localhost:3000";
  const files = values.backstage
    ? [{ path: "catalog-info.yaml", content: (await (await import("../lib/runbooks/catalog")).exportCatalog(portal))! }]
    : values.html
    ? await (await import("../lib/runbooks/bundle")).offlineBundle()
    : await (await import("../lib/runbooks/export")).exportRunbooks({ includeDeleted: values["include-deleted"] });
  for (const file of files) {
    const path = join(target, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  say(`wrote ${files.length} file${files.length === 1 ? "" : "s"} to ${target}`);
  const { db } = await import("../lib/db");
  await db.$disconnect();
}, say);
