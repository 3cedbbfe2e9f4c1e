-- The failed phase and the reason get columns of their own instead of one
-- "<phase>: <message>" string. Existing rows are split, not lost: the phase
-- prefix is the one of the row's own `phase` column.

-- AlterTable
ALTER TABLE "ImportRun" ADD COLUMN     "errorMessage" TEXT,
ADD COLUMN     "errorPhase" TEXT;

-- Backfill
UPDATE "ImportRun"
SET "errorPhase" = "phase",
    "errorMessage" = CASE WHEN "error" LIKE "phase" || ': %' THEN substr("error", length("phase") + 3) ELSE "error" END
WHERE "error" IS NOT NULL;

-- AlterTable
ALTER TABLE "ImportRun" DROP COLUMN "error";
