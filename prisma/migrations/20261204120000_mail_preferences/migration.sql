-- The kinds of mail each person turned off.

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "mailOff" TEXT[] DEFAULT ARRAY[]::TEXT[];

