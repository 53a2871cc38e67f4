# Image for the sidecar and the simulator (same repo, different command). Built by docker-compose.yaml.
FROM node:24.11-bookworm-slim
WORKDIR /app
# better-sqlite3 falls back to a source build when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.base.json plugin.json ./
COPY src ./src
COPY scripts/bundle-node.ts ./scripts/
# The sidecar and the simulator run compiled (scripts/bundle-node.ts says why).
RUN npx tsx scripts/bundle-node.ts sidecar && npx tsx scripts/bundle-node.ts simulator
RUN mkdir -p /data && chown node:node /data
ENV NODE_ENV=production
USER node
EXPOSE 8787 8790
# node itself, not npm, so docker stop's SIGTERM reaches the graceful shutdown (npm's sh -c drops it);
# run it with an init (compose sets `init: true`, or `docker run --init`).
CMD ["node", "--enable-source-maps", ".build/sidecar/main.cjs"]
