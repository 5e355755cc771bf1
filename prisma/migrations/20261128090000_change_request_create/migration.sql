-- AlterEnum
ALTER TYPE "ChangeKind" ADD VALUE 'CREATE';

