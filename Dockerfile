# One image for the API, the worker, the fake providers and the migration job
# (docker-compose.yml picks the command). Runs TypeScript with tsx; the fans' web
# app is built by Vite into web/dist, which the API serves at /.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN bash scripts/prisma-generate.sh && npm run build:web && chown -R node:node /app
USER node
CMD ["node_modules/.bin/tsx", "api/main.ts"]
