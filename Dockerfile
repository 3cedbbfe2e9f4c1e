# One image for the API, the worker, the fake providers and the migration job
# (docker-compose.yml picks the command). The fans' web app is built by Vite into
# web/dist, which the API serves at /. The API and the worker are built here too
# (`npm run build:server`, from the image's own sources): dist/api.mjs and
# dist/worker.mjs run with plain node (no tsx loader thread: ~45–50 MB less
# resident each), the worker on the workflow bundle dist/workflow-bundle.js
# (WORKFLOW_BUNDLE_PATH: no webpack at start, ~120 MB less). The fakes and the
# migration job run their TypeScript with tsx.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN bash scripts/prisma-generate.sh && npm run build:web && npm run build:server && chown -R node:node /app
ENV WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
USER node
CMD ["node", "dist/api.mjs"]
