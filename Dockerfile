# One image for the API, the worker, the fake providers and the migration job
# (docker-compose.yml picks the command). Runs TypeScript with tsx; the fans' web
# app is built by Vite into web/dist, which the API serves at /. The workflow
# bundle is built here too (`npm run build:workflows`), from the image's own
# sources: the worker loads it (WORKFLOW_BUNDLE_PATH) instead of running webpack
# at start, which would stay in its resident memory (~120 MB) as long as it runs.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN bash scripts/prisma-generate.sh && npm run build:web \
  && npm run build:workflows -- /app/.local/workflow-bundle.js && chown -R node:node /app
ENV WORKFLOW_BUNDLE_PATH=/app/.local/workflow-bundle.js
USER node
CMD ["node_modules/.bin/tsx", "api/main.ts"]
