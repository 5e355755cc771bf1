-- A severity for failure modes whose source gives none (imported alert runbooks): shown as
-- SEV?, sorted after SEV4 (enum order), and flagged on the dashboard until someone sets one.

-- AlterEnum
ALTER TYPE "Severity" ADD VALUE 'UNKNOWN';
