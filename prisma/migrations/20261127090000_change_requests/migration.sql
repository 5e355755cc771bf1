-- CreateEnum
CREATE TYPE "ChangeKind" AS ENUM ('UPDATE', 'DELETE', 'RESTORE');

-- CreateEnum
CREATE TYPE "ChangeStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'OVERRIDDEN');

-- AlterTable
ALTER TABLE "System" ADD COLUMN     "changesNeedApproval" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Revision" ADD COLUMN     "changeRequestId" TEXT;

-- CreateTable
CREATE TABLE "ChangeRequest" (
    "id" TEXT NOT NULL,
    "entityType" "EntityType" NOT NULL,
    "entityId" TEXT NOT NULL,
    "systemId" TEXT NOT NULL,
    "kind" "ChangeKind" NOT NULL,
    "baseVersion" INTEGER NOT NULL,
    "restoreVersion" INTEGER,
    "proposed" JSONB NOT NULL,
    "changeNote" TEXT NOT NULL DEFAULT '',
    "incidentRef" TEXT,
    "runId" TEXT,
    "status" "ChangeStatus" NOT NULL DEFAULT 'PENDING',
    "authorId" TEXT,
    "authorName" TEXT NOT NULL,
    "reviewerId" TEXT,
    "reviewerName" TEXT,
    "reviewComment" TEXT NOT NULL DEFAULT '',
    "reviewedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChangeRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChangeRequest_status_createdAt_idx" ON "ChangeRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ChangeRequest_entityType_entityId_status_idx" ON "ChangeRequest"("entityType", "entityId", "status");

-- CreateIndex
CREATE INDEX "ChangeRequest_systemId_status_idx" ON "ChangeRequest"("systemId", "status");

-- CreateIndex
CREATE INDEX "Revision_changeRequestId_idx" ON "Revision"("changeRequestId");

-- AddForeignKey
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_changeRequestId_fkey" FOREIGN KEY ("changeRequestId") REFERENCES "ChangeRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;



-- Hand-written: what Prisma's schema cannot express.

-- At most one change waiting per entry: a second editor sees the first's and waits.
CREATE UNIQUE INDEX "ChangeRequest_one_pending" ON "ChangeRequest"("entityType", "entityId") WHERE "status" = 'PENDING';

-- Change requests are kept, whatever became of them (like runs and revisions).
CREATE FUNCTION "change_request_kept"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ChangeRequest rows are kept (DELETE refused)';
END $$;
CREATE TRIGGER "ChangeRequest_kept" BEFORE DELETE ON "ChangeRequest" FOR EACH ROW EXECUTE FUNCTION "change_request_kept"();

-- An entry's pages say "1 change waiting for approval": a request written makes its
-- system's cached pages stale (cache_invalidate, *_cache_invalidation).
CREATE TRIGGER "ChangeRequest_cache_insert" AFTER INSERT ON "ChangeRequest" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "cache_invalidate"('system:', 'systemId');
CREATE TRIGGER "ChangeRequest_cache_update" AFTER UPDATE ON "ChangeRequest" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "cache_invalidate"('system:', 'systemId');
CREATE TRIGGER "ChangeRequest_cache_truncate" AFTER TRUNCATE ON "ChangeRequest" FOR EACH STATEMENT EXECUTE FUNCTION "cache_invalidate_all"();
