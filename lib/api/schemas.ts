import { z } from "zod";
import { ContactKind, RevisionAction, Role, Severity, Tier } from "@/lib/generated/prisma/enums";
import { ENTRY_TYPE_LIST, segmentOf } from "@/lib/entries";

// The shapes of the API's answers beyond entries, for its OpenAPI document. The contract
// test checks real answers against that document, so these cannot drift from the code.

export const problemSchema = z
  .object({
    type: z.string().describe("A link to this kind of problem in /api/docs"),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.record(z.string(), z.array(z.string())).optional().describe("Messages by JSON path ($.steps[0].instruction) or query parameter"),
    currentVersion: z.number().int().optional().describe("412: the version the entry has now"),
  })
  .strict()
  .meta({ title: "Problem details (RFC 9457)" });

export const meSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: z.enum(Role).describe("The role the caller acts with: a read-scope token acts as a viewer"),
    scope: z.enum(["READ", "WRITE", "SESSION"]),
  })
  .strict();

export function listSchema(entry: z.ZodType) {
  return z
    .object({
      items: z.array(entry),
      total: z.number().int().min(0).describe("How many entries match the filters, over all pages"),
      nextCursor: z.string().nullable().describe("Pass as cursor for the next page; null on the last"),
    })
    .strict();
}

export const historySchema = z
  .object({
    items: z.array(
      z
        .object({
          version: z.number().int().min(1),
          action: z.enum(RevisionAction),
          changeNote: z.string(),
          incidentRef: z.string().nullable(),
          author: z.string(),
          createdAt: z.iso.datetime({ offset: true }),
          snapshot: z.record(z.string(), z.unknown()).describe("The whole entry as it was at this version"),
        })
        .strict(),
    ),
  })
  .strict();

const contactSchema = z
  .object({ id: z.string(), name: z.string(), kind: z.enum(ContactKind), role: z.string(), email: z.string(), phone: z.string(), chat: z.string(), pagerUrl: z.string() })
  .strict();

const nullableMinutes = z.number().int().nullable();

export const alertSchema = z
  .object({
    alert: z.string(),
    failureModes: z.array(
      z
        .object({
          id: z.string(),
          title: z.string(),
          severity: z.enum(Severity),
          url: z.url().describe("The failure mode's page in the portal"),
          alertNames: z.array(z.string()),
          detection: z.string(),
          customerImpact: z.string(),
          immediateActions: z.array(z.string()),
          escalation: z.string(),
          system: z
            .object({
              id: z.string(),
              slug: z.string(),
              name: z.string(),
              tier: z.enum(Tier),
              url: z.url(),
              owner: contactSchema.nullable(),
              backupOwner: contactSchema.nullable(),
              onCall: z.string(),
            })
            .strict(),
          procedures: z.array(
            z
              .object({
                id: z.string(),
                title: z.string(),
                url: z.url(),
                estimatedMinutes: nullableMinutes,
                approvalRequired: z.string(),
                steps: z.array(z.object({ instruction: z.string(), command: z.string(), expectedResult: z.string() }).strict()),
                verification: z.string(),
                rollback: z.string(),
              })
              .strict(),
          ),
          escalationLadder: z.array(
            z
              .object({
                level: z.number().int(),
                name: z.string(),
                when: z.string(),
                afterMinutes: nullableMinutes,
                expectedResponseMinutes: nullableMinutes,
                contacts: z.array(contactSchema),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
  })
  .strict();

export const searchResultSchema = z
  .object({
    query: z.string(),
    correctedQuery: z.string().nullable().describe("When little was found: the spelling searched instead"),
    hits: z.array(
      z
        .object({
          type: z.enum(ENTRY_TYPE_LIST.map(segmentOf) as [string, ...string[]]),
          id: z.string(),
          title: z.string(),
          url: z.url(),
          system: z.object({ id: z.string().nullable(), slug: z.string(), name: z.string().nullable() }).strict().nullable(),
          severity: z.enum(Severity).nullable(),
          snippet: z.string(),
          score: z.number(),
        })
        .strict(),
    ),
  })
  .strict();

const counts = z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int(), delete: z.number().int(), skip: z.number().int() }).strict();

export const importResultSchema = z
  .object({
    applied: z.boolean(),
    counts: counts.describe("Entries of the files by what the import does with them"),
    entries: z.array(
      z
        .object({
          status: z.enum(["create", "update", "delete", "skip"]),
          type: z.string(),
          name: z.string(),
          system: z.string().nullable(),
          label: z.string(),
          file: z.string(),
          changed: z.array(z.string()),
          needsApproval: z.boolean().describe("The entry needs approval: the change waits as a change request at /approvals"),
        })
        .strict(),
    ),
    skipped: z.array(z.object({ file: z.string(), reason: z.string() }).strict()),
    result: z
      .object({
        created: z.number().int(),
        updated: z.number().int(),
        deleted: z.number().int(),
        unchanged: z.number().int(),
        requested: z.number().int().optional().describe("Changes to entries that need approval, waiting as change requests"),
      })
      .strict()
      .optional(),
    task: z
      .object({
        id: z.string(),
        state: z.literal("QUEUED"),
        url: z.string().describe("GET it for the import's progress and result"),
        page: z.string().describe("The same, as a page for people"),
      })
      .strict()
      .optional()
      .describe("An import of more than RUNBOOK_IMPORT_JOB_ENTRIES entries (default 300) with apply: answered 202, it runs as a job"),
  })
  .strict();

/** A long import or export run as a job (GET /api/v1/tasks/<id>). */
export const taskSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["IMPORT", "BUNDLE", "EXPORT"]),
    state: z.enum(["QUEUED", "RUNNING", "DONE", "FAILED"]),
    progress: z.record(z.string(), z.union([z.string(), z.number()])).describe("Its step (queued, reading, planning, writing, indexing, done; bundling, exporting, zipping) and counts (read, planned, written, total; systems, of; files)"),
    result: z.record(z.string(), z.union([z.string(), z.number()])).nullable().describe("An import's counts (created, updated, deleted, unchanged, requested) once done"),
    error: z.string().nullable().describe("Why it failed; nothing of a failed import is written"),
    page: z.string(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .strict();

/** The change request a write to an entry that needs approval opened (answered 202). */
export const changeRequestOpenedSchema = z
  .object({ id: z.string(), status: z.literal("PENDING"), url: z.string().describe("Its page, where it is approved or rejected") })
  .strict();

export const alertsStoredSchema = z.object({
  received: z.number().int().describe("Alerts in the post"),
  firing: z.number().int().describe("Stored as firing"),
  resolved: z.number().int().describe("Stored as resolved"),
  matched: z.number().int().describe("Alerts whose name a failure mode lists"),
  incidents: z.array(z.string()).describe("The incidents these alerts opened or belong to"),
});
