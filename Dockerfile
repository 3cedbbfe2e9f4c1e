# One image for the API, the worker, the fake providers and the migration job
# (docker-compose.yml picks the command). Runs TypeScript with tsx; the fans' web
# app is built by Vite into web/dist, which the API serves at /. The worker is
# built here too (`npm run build:worker`, from the image's own sources): dist/worker.mjs
# runs with plain node (no tsx loader thread: ~45 MB less resident) on the workflow
# bundle dist/workflow-bundle.js (WORKFLOW_BUNDLE_PATH: no webpack at start, ~120 MB less).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN bash scripts/prisma-generate.sh && npm run build:web && npm run build:worker && chown -R node:node /app
ENV WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
USER node
CMD ["node_modules/.bin/tsx", "api/main.ts"]
