-- AlterTable
ALTER TABLE "Artist" ADD COLUMN     "catalogAlbumIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "lastViewedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Artist_trendingScore_idx" ON "Artist"("trendingScore" DESC);
