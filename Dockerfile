# The realtime sidecar (realtime/), for Fly.io. The web app deploys to Vercel.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.realtime.json ./
COPY lib ./lib
COPY realtime ./realtime
RUN npx tsc -p tsconfig.realtime.json && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
EXPOSE 4000
CMD ["node", "dist/realtime/realtime/main.js"]
