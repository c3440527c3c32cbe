FROM node:20-bookworm-slim
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
RUN pnpm --filter @schedhuler/client build
ENV NODE_ENV=production PORT=3000
EXPOSE 3000
# tsx relays SIGTERM to the server, which closes HTTP, then the database pool.
CMD ["server/node_modules/.bin/tsx", "server/src/main.ts"]
