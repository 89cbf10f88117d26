# The realtime sidecar (realtime/), for Fly.io. The web app deploys to Vercel.
# Node 24 LTS, which the web app's package.json "engines" names too (Vercel picks it).
FROM node:24-bookworm-slim AS build
WORKDIR /app
# The sidecar's own manifest and lockfile (realtime/package.json): Socket.IO,
# Redis, logs, metrics, validation, and TypeScript to compile; no Next.js, React or test tools.
COPY realtime/package.json realtime/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.realtime.json ./
COPY lib ./lib
COPY realtime ./realtime
RUN npx tsc -p tsconfig.realtime.json && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY realtime/package.json ./
USER node
EXPOSE 4000
CMD ["node", "dist/realtime/realtime/main.js"]
