-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('pending', 'running', 'completed', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "ShowStatus" AS ENUM ('upcoming', 'past', 'cancelled', 'postponed');

-- CreateEnum
CREATE TYPE "SetlistType" AS ENUM ('predicted', 'actual');

-- CreateTable
CREATE TABLE "Artist" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tmAttractionId" TEXT NOT NULL,
    "spotifyId" TEXT,
    "mbid" TEXT,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "imageUrl" TEXT,
    "images" JSONB NOT NULL DEFAULT '[]',
    "genres" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "popularity" INTEGER NOT NULL DEFAULT 0,
    "followers" INTEGER NOT NULL DEFAULT 0,
    "totalShows" INTEGER NOT NULL DEFAULT 0,
    "upcomingShows" INTEGER NOT NULL DEFAULT 0,
    "totalSongs" INTEGER NOT NULL DEFAULT 0,
    "importStatus" "ImportStatus" NOT NULL DEFAULT 'pending',
    "importedAt" TIMESTAMP(3),
    "lastSyncedAt" TIMESTAMP(3),
    "showsSyncedAt" TIMESTAMP(3),
    "catalogSyncedAt" TIMESTAMP(3),
    "trendingScore" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "isTrending" BOOLEAN NOT NULL DEFAULT false,
    "trendingUpdatedAt" TIMESTAMP(3),
    "viewCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Artist_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Venue" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tmVenueId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT,
    "city" TEXT,
    "state" TEXT,
    "country" TEXT,
    "countryCode" TEXT,
    "postalCode" TEXT,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "timezone" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Venue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Show" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tmEventId" TEXT NOT NULL,
    "artistId" UUID NOT NULL,
    "venueId" UUID,
    "name" TEXT NOT NULL,
    "date" TIMESTAMP(3) NOT NULL,
    "localDate" TEXT,
    "localTime" TEXT,
    "status" "ShowStatus" NOT NULL,
    "ticketUrl" TEXT,
    "priceMin" DOUBLE PRECISION,
    "priceMax" DOUBLE PRECISION,
    "currency" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Show_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Song" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "spotifyId" TEXT NOT NULL,
    "isrc" TEXT,
    "name" TEXT NOT NULL,
    "albumName" TEXT,
    "albumId" TEXT,
    "popularity" INTEGER NOT NULL DEFAULT 0,
    "durationMs" INTEGER NOT NULL DEFAULT 0,
    "isLive" BOOLEAN NOT NULL DEFAULT false,
    "isRemix" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Song_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ArtistSong" (
    "artistId" UUID NOT NULL,
    "songId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ArtistSong_pkey" PRIMARY KEY ("artistId","songId")
);

-- CreateTable
CREATE TABLE "Setlist" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "showId" UUID NOT NULL,
    "artistId" UUID NOT NULL,
    "type" "SetlistType" NOT NULL,
    "source" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Setlist_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SetlistSong" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "setlistId" UUID NOT NULL,
    "songId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "isEncore" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SetlistSong_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Vote" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "setlistSongId" UUID NOT NULL,
    "voterKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Vote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportRun" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "artistId" UUID NOT NULL,
    "workflowId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "status" "ImportStatus" NOT NULL,
    "phase" TEXT NOT NULL,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "timings" JSONB NOT NULL DEFAULT '{}',
    "filters" JSONB NOT NULL DEFAULT '{}',
    "warnings" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ImportRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Artist_tmAttractionId_key" ON "Artist"("tmAttractionId");

-- CreateIndex
CREATE UNIQUE INDEX "Artist_spotifyId_key" ON "Artist"("spotifyId");

-- CreateIndex
CREATE UNIQUE INDEX "Artist_mbid_key" ON "Artist"("mbid");

-- CreateIndex
CREATE UNIQUE INDEX "Artist_slug_key" ON "Artist"("slug");

-- CreateIndex
CREATE INDEX "Artist_isTrending_trendingScore_idx" ON "Artist"("isTrending", "trendingScore" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Venue_tmVenueId_key" ON "Venue"("tmVenueId");

-- CreateIndex
CREATE UNIQUE INDEX "Show_tmEventId_key" ON "Show"("tmEventId");

-- CreateIndex
CREATE INDEX "Show_artistId_date_idx" ON "Show"("artistId", "date");

-- CreateIndex
CREATE INDEX "Show_venueId_idx" ON "Show"("venueId");

-- CreateIndex
CREATE UNIQUE INDEX "Song_spotifyId_key" ON "Song"("spotifyId");

-- CreateIndex
CREATE INDEX "Song_isrc_idx" ON "Song"("isrc");

-- CreateIndex
CREATE INDEX "Song_popularity_idx" ON "Song"("popularity");

-- CreateIndex
CREATE INDEX "ArtistSong_songId_idx" ON "ArtistSong"("songId");

-- CreateIndex
CREATE INDEX "Setlist_artistId_idx" ON "Setlist"("artistId");

-- CreateIndex
CREATE UNIQUE INDEX "Setlist_showId_artistId_type_key" ON "Setlist"("showId", "artistId", "type");

-- CreateIndex
CREATE UNIQUE INDEX "SetlistSong_setlistId_position_key" ON "SetlistSong"("setlistId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "SetlistSong_setlistId_songId_key" ON "SetlistSong"("setlistId", "songId");

-- CreateIndex
CREATE INDEX "Vote_createdAt_idx" ON "Vote"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Vote_setlistSongId_voterKey_key" ON "Vote"("setlistSongId", "voterKey");

-- CreateIndex
CREATE UNIQUE INDEX "ImportRun_runId_key" ON "ImportRun"("runId");

-- CreateIndex
CREATE INDEX "ImportRun_artistId_startedAt_idx" ON "ImportRun"("artistId", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "ImportRun_workflowId_idx" ON "ImportRun"("workflowId");

-- AddForeignKey
ALTER TABLE "Show" ADD CONSTRAINT "Show_artistId_fkey" FOREIGN KEY ("artistId") REFERENCES "Artist"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Show" ADD CONSTRAINT "Show_venueId_fkey" FOREIGN KEY ("venueId") REFERENCES "Venue"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArtistSong" ADD CONSTRAINT "ArtistSong_artistId_fkey" FOREIGN KEY ("artistId") REFERENCES "Artist"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArtistSong" ADD CONSTRAINT "ArtistSong_songId_fkey" FOREIGN KEY ("songId") REFERENCES "Song"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Setlist" ADD CONSTRAINT "Setlist_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Setlist" ADD CONSTRAINT "Setlist_artistId_fkey" FOREIGN KEY ("artistId") REFERENCES "Artist"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SetlistSong" ADD CONSTRAINT "SetlistSong_setlistId_fkey" FOREIGN KEY ("setlistId") REFERENCES "Setlist"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SetlistSong" ADD CONSTRAINT "SetlistSong_songId_fkey" FOREIGN KEY ("songId") REFERENCES "Song"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_setlistSongId_fkey" FOREIGN KEY ("setlistSongId") REFERENCES "SetlistSong"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportRun" ADD CONSTRAINT "ImportRun_artistId_fkey" FOREIGN KEY ("artistId") REFERENCES "Artist"("id") ON DELETE CASCADE ON UPDATE CASCADE;
