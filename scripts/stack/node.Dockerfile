# Image for the sidecar and the simulator (same repo, different command). Built by docker-compose.yaml.
FROM node:24.11-bookworm-slim
WORKDIR /app
# better-sqlite3 falls back to a source build when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json plugin.json ./
COPY src ./src
RUN mkdir -p /data && chown node:node /data
ENV NODE_ENV=production
USER node
EXPOSE 8787 8790
CMD ["npm", "run", "--silent", "sidecar"]
