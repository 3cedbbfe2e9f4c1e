-- Actual setlists from setlist.fm: their id, page, event date, venue, city and tour;
-- a setlist may belong to no stored show, an entry to no catalog song (covers
-- keep their names). Only added columns and relaxed NOT NULLs: existing rows survive.

-- AlterTable
ALTER TABLE "Setlist" ADD COLUMN     "cityName" TEXT,
ADD COLUMN     "eventDate" TEXT,
ADD COLUMN     "setlistFmId" TEXT,
ADD COLUMN     "tourName" TEXT,
ADD COLUMN     "url" TEXT,
ADD COLUMN     "venueName" TEXT,
ALTER COLUMN "showId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "SetlistSong" ADD COLUMN     "coverOf" TEXT,
ADD COLUMN     "title" TEXT,
ALTER COLUMN "songId" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Setlist_setlistFmId_key" ON "Setlist"("setlistFmId");

-- Backfill: existing entries all name a catalog song; their title is its name.
UPDATE "SetlistSong" ss SET "title" = s."name" FROM "Song" s WHERE ss."songId" = s."id" AND ss."title" IS NULL;
