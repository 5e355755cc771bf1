-- AlterTable
ALTER TABLE "ImportDraft" ADD COLUMN     "readings" JSONB NOT NULL DEFAULT '{}';
