-- CreateEnum
CREATE TYPE "LongTaskKind" AS ENUM ('IMPORT', 'BUNDLE', 'EXPORT');

-- CreateEnum
CREATE TYPE "LongTaskState" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "LongTask" (
    "id" TEXT NOT NULL,
    "kind" "LongTaskKind" NOT NULL,
    "state" "LongTaskState" NOT NULL DEFAULT 'QUEUED',
    "authorId" TEXT NOT NULL,
    "input" JSONB NOT NULL DEFAULT '{}',
    "progress" JSONB NOT NULL DEFAULT '{}',
    "result" JSONB,
    "error" TEXT,
    "file" BYTEA,
    "fileName" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "LongTask_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LongTask_authorId_createdAt_idx" ON "LongTask"("authorId", "createdAt");

-- AddForeignKey
ALTER TABLE "LongTask" ADD CONSTRAINT "LongTask_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

