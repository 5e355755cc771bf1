-- CreateEnum
CREATE TYPE "RunKind" AS ENUM ('DRILL', 'INCIDENT');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('IN_PROGRESS', 'RESOLVED', 'PARTLY_RESOLVED', 'ABANDONED');

-- CreateEnum
CREATE TYPE "StepOutcome" AS ENUM ('PENDING', 'DONE', 'FAILED', 'SKIPPED');

-- AlterTable
ALTER TABLE "System" ADD COLUMN     "readinessExceptions" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "RemediationProcedure" ADD COLUMN     "drillIntervalDays" INTEGER NOT NULL DEFAULT 90;

-- AlterTable
ALTER TABLE "Revision" ADD COLUMN     "runId" TEXT;

-- CreateTable
CREATE TABLE "Run" (
    "id" TEXT NOT NULL,
    "procedureId" TEXT NOT NULL,
    "systemId" TEXT NOT NULL,
    "procedureVersion" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "kind" "RunKind" NOT NULL,
    "incidentRef" TEXT,
    "status" "RunStatus" NOT NULL DEFAULT 'IN_PROGRESS',
    "notes" TEXT NOT NULL DEFAULT '',
    "summary" TEXT NOT NULL DEFAULT '',
    "startedById" TEXT,
    "startedByName" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "endedByName" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunStep" (
    "runId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "outcome" "StepOutcome" NOT NULL DEFAULT 'PENDING',
    "reason" TEXT NOT NULL DEFAULT '',
    "observed" TEXT NOT NULL DEFAULT '',
    "seconds" INTEGER,
    "markedAt" TIMESTAMP(3),
    "markedByName" TEXT,

    CONSTRAINT "RunStep_pkey" PRIMARY KEY ("runId","index")
);

-- CreateIndex
CREATE INDEX "Run_procedureId_startedAt_idx" ON "Run"("procedureId", "startedAt");

-- CreateIndex
CREATE INDEX "Run_systemId_kind_endedAt_idx" ON "Run"("systemId", "kind", "endedAt");

-- CreateIndex
CREATE INDEX "Revision_runId_idx" ON "Revision"("runId");

-- AddForeignKey
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_procedureId_fkey" FOREIGN KEY ("procedureId") REFERENCES "RemediationProcedure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_startedById_fkey" FOREIGN KEY ("startedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunStep" ADD CONSTRAINT "RunStep_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: what Prisma's schema cannot express.

ALTER TABLE "RemediationProcedure" ADD CONSTRAINT "RemediationProcedure_drillIntervalDays_check" CHECK ("drillIntervalDays" BETWEEN 1 AND 3650);
ALTER TABLE "Run" ADD CONSTRAINT "Run_incidentRef_check" CHECK ("kind" <> 'INCIDENT' OR coalesce("incidentRef", '') <> '');
ALTER TABLE "Run" ADD CONSTRAINT "Run_ended_check" CHECK (("status" = 'IN_PROGRESS') = ("endedAt" IS NULL));
ALTER TABLE "RunStep" ADD CONSTRAINT "RunStep_seconds_check" CHECK ("seconds" IS NULL OR "seconds" >= 0);

-- Runs are kept forever: what happened is never removed (a step may be marked again
-- while the run is open, but no row goes away).
CREATE FUNCTION "run_kept"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are kept forever (DELETE refused)', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER "Run_kept" BEFORE DELETE ON "Run" FOR EACH ROW EXECUTE FUNCTION "run_kept"();
CREATE TRIGGER "RunStep_kept" BEFORE DELETE ON "RunStep" FOR EACH ROW EXECUTE FUNCTION "run_kept"();

-- /incidents/<ref> finds runs and revisions by incident reference, exactly but for case.
CREATE INDEX "Run_incidentRef_lower_idx" ON "Run" (lower("incidentRef")) WHERE "incidentRef" IS NOT NULL;
CREATE INDEX "Revision_incidentRef_lower_idx" ON "Revision" (lower("incidentRef")) WHERE "incidentRef" IS NOT NULL;

-- A run's start, steps and end change what the procedure, failure mode and overview pages
-- show (last drilled, step times): every write to a run touches its row, which makes its
-- system's cached pages stale (cache_invalidate, *_cache_invalidation).
CREATE TRIGGER "Run_cache_insert" AFTER INSERT ON "Run" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "cache_invalidate"('system:', 'systemId');
CREATE TRIGGER "Run_cache_update" AFTER UPDATE ON "Run" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "cache_invalidate"('system:', 'systemId');
CREATE TRIGGER "Run_cache_truncate" AFTER TRUNCATE ON "Run" FOR EACH STATEMENT EXECUTE FUNCTION "cache_invalidate_all"();
