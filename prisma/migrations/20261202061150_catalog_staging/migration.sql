-- CreateTable
CREATE TABLE "StagedCatalogAlbum" (
    "runId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "workflowId" TEXT NOT NULL,
    "albumId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "albumType" TEXT NOT NULL,
    "releaseDate" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StagedCatalogAlbum_pkey" PRIMARY KEY ("runId","position")
);

-- CreateTable
CREATE TABLE "StagedCatalogTrack" (
    "runId" TEXT NOT NULL,
    "chunkIndex" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "workflowId" TEXT NOT NULL,
    "trackId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "popularity" INTEGER,
    "isrc" TEXT,
    "albumId" TEXT NOT NULL,
    "albumName" TEXT NOT NULL,
    "albumType" TEXT NOT NULL,
    "albumReleaseDate" TEXT,
    "isrcIncluded" BOOLEAN NOT NULL,
    "livenessChecked" BOOLEAN NOT NULL,
    "isrcLookedUp" BOOLEAN NOT NULL DEFAULT false,
    "lookedUpIsrc" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StagedCatalogTrack_pkey" PRIMARY KEY ("runId","chunkIndex","position")
);

-- CreateIndex
CREATE INDEX "StagedCatalogAlbum_workflowId_idx" ON "StagedCatalogAlbum"("workflowId");

-- CreateIndex
CREATE INDEX "StagedCatalogAlbum_createdAt_idx" ON "StagedCatalogAlbum"("createdAt");

-- CreateIndex
CREATE INDEX "StagedCatalogTrack_workflowId_idx" ON "StagedCatalogTrack"("workflowId");

-- CreateIndex
CREATE INDEX "StagedCatalogTrack_createdAt_idx" ON "StagedCatalogTrack"("createdAt");
