# Switchyard worker / gateway image on the current Node LTS (24): compiled JavaScript, production dependencies only.

# Build stage: all dependencies (TypeScript), then `npm run build` writes dist/.
FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV SWITCHYARD_SKIP_TEMPORAL_INSTALL=1
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.build.json tsconfig.types.json ./
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
RUN npm run build

# Runtime stage: production dependencies and the build output; no TypeScript at run time.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    SWITCHYARD_SKIP_TEMPORAL_INSTALL=1
COPY package.json package-lock.json .npmrc ./
COPY scripts ./scripts
# Install scripts skipped: `prepare` (the build) is done in the build stage; the dependencies' own scripts
# only print warnings or check optional native bindings (README, "Dependency install scripts").
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY examples ./examples
COPY schema ./schema
# The worker caches its prebuilt workflow bundle under .switchyard/cache.
RUN mkdir -p .switchyard/cache && chown -R node:node .switchyard
USER node
ENTRYPOINT ["node", "bin/switchyard.js"]
CMD ["worker", "--policy", "examples/policies/support-inbox.yaml"]
