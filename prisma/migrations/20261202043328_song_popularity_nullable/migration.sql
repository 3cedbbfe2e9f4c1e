-- AlterTable
ALTER TABLE "Song" ALTER COLUMN "popularity" DROP NOT NULL,
ALTER COLUMN "popularity" DROP DEFAULT;
