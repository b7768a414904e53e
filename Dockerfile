# 政务督办助手 — container image. Build: docker build -t govbot .   Run: see deploy/README.md.
# Two stages: the first compiles dist/ with the dev dependencies, the second holds only the production
# dependencies and dist/, and runs as the unprivileged `node` user with the data folder on a volume.

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY commands ./commands
COPY cards ./cards
RUN npm run build

FROM node:22-bookworm-slim
ENV NODE_ENV=production DATA_DIR=/data PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY data/org.example.json data/org.example.roles.json data/calendar-overrides.json ./data/
# The data folder: owned by the bot's user, closed to everyone else (officials' data).
RUN mkdir -p /data && chown node:node /data && chmod 0700 /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# /healthz is 503 with its reasons when the bot is degraded (long connection down, messages stuck or
# failed, data folder not writable, no holiday calendar): docker ps shows "unhealthy".
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The bot stops within 20 s of SIGTERM; give it 30 (docker run --stop-timeout 30 / compose stop_grace_period).
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
