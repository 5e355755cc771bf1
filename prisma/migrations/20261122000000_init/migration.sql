-- CreateEnum
CREATE TYPE "Role" AS ENUM ('VIEWER', 'EDITOR', 'ADMIN');

-- CreateEnum
CREATE TYPE "Tier" AS ENUM ('TIER_1', 'TIER_2', 'TIER_3', 'TIER_4');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('SEV1', 'SEV2', 'SEV3', 'SEV4');

-- CreateEnum
CREATE TYPE "DependencyKind" AS ENUM ('EXTERNAL_API', 'CLOUD_SERVICE', 'DATABASE', 'QUEUE', 'INTERNAL_SYSTEM', 'OTHER');

-- CreateEnum
CREATE TYPE "ContactKind" AS ENUM ('PERSON', 'TEAM', 'CHANNEL', 'VENDOR_SUPPORT');

-- CreateEnum
CREATE TYPE "EntityType" AS ENUM ('SYSTEM', 'DEPENDENCY', 'FAILURE_MODE', 'PROCEDURE', 'ESCALATION_LEVEL', 'CONTACT', 'USER');

-- CreateEnum
CREATE TYPE "RevisionAction" AS ENUM ('CREATE', 'UPDATE', 'DELETE', 'RESTORE');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'VIEWER',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ContactKind" NOT NULL,
    "role" TEXT NOT NULL DEFAULT '',
    "email" TEXT NOT NULL DEFAULT '',
    "phone" TEXT NOT NULL DEFAULT '',
    "chat" TEXT NOT NULL DEFAULT '',
    "pagerUrl" TEXT NOT NULL DEFAULT '',
    "notes" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "System" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT '',
    "schedule" TEXT NOT NULL DEFAULT '',
    "inputs" TEXT NOT NULL DEFAULT '',
    "outputs" TEXT NOT NULL DEFAULT '',
    "components" JSONB NOT NULL DEFAULT '[]',
    "tier" "Tier" NOT NULL DEFAULT 'TIER_3',
    "ownerId" TEXT,
    "backupOwnerId" TEXT,
    "onCall" TEXT NOT NULL DEFAULT '',
    "links" JSONB NOT NULL DEFAULT '[]',
    "boundaries" TEXT NOT NULL DEFAULT '',
    "deploymentNotes" TEXT NOT NULL DEFAULT '',
    "reviewIntervalDays" INTEGER NOT NULL DEFAULT 90,
    "lastReviewedAt" TIMESTAMP(3),
    "lastReviewedById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "System_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dependency" (
    "id" TEXT NOT NULL,
    "systemId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "DependencyKind" NOT NULL DEFAULT 'OTHER',
    "usedFor" TEXT NOT NULL DEFAULT '',
    "failureModes" TEXT NOT NULL DEFAULT '',
    "impact" TEXT NOT NULL DEFAULT '',
    "detection" TEXT NOT NULL DEFAULT '',
    "mitigation" TEXT NOT NULL DEFAULT '',
    "dependsOnSystemId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Dependency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FailureMode" (
    "id" TEXT NOT NULL,
    "systemId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "severity" "Severity" NOT NULL DEFAULT 'SEV3',
    "alertNames" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "detection" TEXT NOT NULL DEFAULT '',
    "causes" TEXT NOT NULL DEFAULT '',
    "customerImpact" TEXT NOT NULL DEFAULT '',
    "immediateActions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "escalation" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "FailureMode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RemediationProcedure" (
    "id" TEXT NOT NULL,
    "systemId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "assumptions" TEXT NOT NULL DEFAULT '',
    "steps" JSONB NOT NULL DEFAULT '[]',
    "verification" TEXT NOT NULL DEFAULT '',
    "rollback" TEXT NOT NULL DEFAULT '',
    "estimatedMinutes" INTEGER,
    "approvalRequired" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "RemediationProcedure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EscalationLevel" (
    "id" TEXT NOT NULL,
    "systemId" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "when" TEXT NOT NULL DEFAULT '',
    "afterMinutes" INTEGER,
    "expectedResponseMinutes" INTEGER,
    "responsibilities" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "EscalationLevel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Revision" (
    "id" TEXT NOT NULL,
    "entityType" "EntityType" NOT NULL,
    "entityId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "action" "RevisionAction" NOT NULL,
    "snapshot" JSONB NOT NULL,
    "changeNote" TEXT NOT NULL DEFAULT '',
    "incidentRef" TEXT,
    "authorId" TEXT,
    "authorName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Revision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "_ContactToEscalationLevel" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_ContactToEscalationLevel_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateTable
CREATE TABLE "_FailureModeToRemediationProcedure" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_FailureModeToRemediationProcedure_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Contact_name_idx" ON "Contact"("name");

-- CreateIndex
CREATE UNIQUE INDEX "System_slug_key" ON "System"("slug");

-- CreateIndex
CREATE INDEX "System_ownerId_idx" ON "System"("ownerId");

-- CreateIndex
CREATE INDEX "System_backupOwnerId_idx" ON "System"("backupOwnerId");

-- CreateIndex
CREATE INDEX "Dependency_systemId_idx" ON "Dependency"("systemId");

-- CreateIndex
CREATE INDEX "Dependency_dependsOnSystemId_idx" ON "Dependency"("dependsOnSystemId");

-- CreateIndex
CREATE INDEX "FailureMode_systemId_idx" ON "FailureMode"("systemId");

-- CreateIndex
CREATE INDEX "RemediationProcedure_systemId_idx" ON "RemediationProcedure"("systemId");

-- CreateIndex
CREATE INDEX "EscalationLevel_systemId_level_idx" ON "EscalationLevel"("systemId", "level");

-- CreateIndex
CREATE INDEX "Revision_authorId_idx" ON "Revision"("authorId");

-- CreateIndex
CREATE UNIQUE INDEX "Revision_entityType_entityId_version_key" ON "Revision"("entityType", "entityId", "version");

-- CreateIndex
CREATE INDEX "_ContactToEscalationLevel_B_index" ON "_ContactToEscalationLevel"("B");

-- CreateIndex
CREATE INDEX "_FailureModeToRemediationProcedure_B_index" ON "_FailureModeToRemediationProcedure"("B");

-- AddForeignKey
ALTER TABLE "System" ADD CONSTRAINT "System_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "System" ADD CONSTRAINT "System_backupOwnerId_fkey" FOREIGN KEY ("backupOwnerId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "System" ADD CONSTRAINT "System_lastReviewedById_fkey" FOREIGN KEY ("lastReviewedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dependency" ADD CONSTRAINT "Dependency_systemId_fkey" FOREIGN KEY ("systemId") REFERENCES "System"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dependency" ADD CONSTRAINT "Dependency_dependsOnSystemId_fkey" FOREIGN KEY ("dependsOnSystemId") REFERENCES "System"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FailureMode" ADD CONSTRAINT "FailureMode_systemId_fkey" FOREIGN KEY ("systemId") REFERENCES "System"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RemediationProcedure" ADD CONSTRAINT "RemediationProcedure_systemId_fkey" FOREIGN KEY ("systemId") REFERENCES "System"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EscalationLevel" ADD CONSTRAINT "EscalationLevel_systemId_fkey" FOREIGN KEY ("systemId") REFERENCES "System"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_ContactToEscalationLevel" ADD CONSTRAINT "_ContactToEscalationLevel_A_fkey" FOREIGN KEY ("A") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_ContactToEscalationLevel" ADD CONSTRAINT "_ContactToEscalationLevel_B_fkey" FOREIGN KEY ("B") REFERENCES "EscalationLevel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_FailureModeToRemediationProcedure" ADD CONSTRAINT "_FailureModeToRemediationProcedure_A_fkey" FOREIGN KEY ("A") REFERENCES "FailureMode"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_FailureModeToRemediationProcedure" ADD CONSTRAINT "_FailureModeToRemediationProcedure_B_fkey" FOREIGN KEY ("B") REFERENCES "RemediationProcedure"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: what Prisma's schema cannot express.

-- History is append-only: a revision is never changed or removed.
CREATE FUNCTION "revision_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Revision rows are append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER "Revision_append_only" BEFORE UPDATE OR DELETE ON "Revision"
  FOR EACH ROW EXECUTE FUNCTION "revision_append_only"();

ALTER TABLE "System" ADD CONSTRAINT "System_reviewIntervalDays_check" CHECK ("reviewIntervalDays" BETWEEN 1 AND 3650);
ALTER TABLE "EscalationLevel" ADD CONSTRAINT "EscalationLevel_level_check" CHECK ("level" >= 1);
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_version_check" CHECK ("version" >= 1);
