# Switchyard worker / gateway image on the current Node LTS (24), production dependencies only.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    SWITCHYARD_SKIP_TEMPORAL_INSTALL=1
COPY package.json package-lock.json .npmrc ./
COPY scripts ./scripts
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
# The worker caches its prebuilt workflow bundle under .switchyard/cache.
RUN mkdir -p .switchyard/cache && chown -R node:node .switchyard
USER node
ENTRYPOINT ["node", "bin/switchyard.js"]
CMD ["worker", "--policy", "examples/policies/support-inbox.yaml"]
