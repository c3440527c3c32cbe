# Build stage: the whole workspace with dev dependencies, then a production-only copy of the server.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN npm i -g pnpm@12.4.2
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
COPY tests/package.json tests/
COPY bench/package.json bench/
RUN pnpm install --frozen-lockfile
COPY . .
# Client into client/dist, server bundled into server/dist (shared is bundled in).
RUN pnpm build
# The server's production dependencies only: no vitest, playwright-core, eslint, tsx, esbuild,
# embedded PostgreSQL (DATABASE_URL is required in the image).
RUN pnpm --filter @schedhuler/server deploy --prod /prod/server

# Runtime stage: Node, the server's production node_modules, the two builds. Nothing else.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 SEED_DEMO=0
WORKDIR /app
COPY --from=build /prod/server/package.json server/package.json
COPY --from=build /prod/server/node_modules server/node_modules
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/client/dist client/dist
# Files stay owned by root (read-only for the app); the process runs as the image's unprivileged user.
USER node
EXPOSE 3000
# Node runs as PID 1 and handles SIGTERM itself: closes HTTP and sockets, then the pool, exits 0.
CMD ["node", "server/dist/main.js"]
