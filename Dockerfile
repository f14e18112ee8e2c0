# Stampede's image: the coordinator and the agents of a distributed run
# (`stampede k8s` renders the Kubernetes objects that use it).
#   docker build -t registry.example/stampede:0.1.0 .
# Node 24 on Debian slim; runs as the image's unprivileged `node` user.
FROM node:24-slim AS build
WORKDIR /build
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts/ scripts/
COPY src/ src/
# npm ci builds dist/ (the package's prepare script); then the dev dependencies go
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /opt/stampede
COPY --from=build /build/package.json ./
COPY --from=build /build/node_modules/ node_modules/
COPY --from=build /build/dist/ dist/
USER node
ENTRYPOINT ["node", "/opt/stampede/dist/cli/bin.js"]
CMD ["--help"]
