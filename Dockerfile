# Uppföljningsboten: container image for Azure App Service (custom container) or any container host.
# Build: docker build -t uppfoljningsboten:0.1.0 .
# Production settings (NODE_ENV=production is set here) are checked at start: the container refuses
# to start without MicrosoftAppId, MicrosoftAppType, MicrosoftAppTenantId and STORAGE_ACCOUNT_URL, and
# a SingleTenant bot needs BOT_FEDERATED_CLIENT_ID (managed identity, no secret) or MicrosoftAppPassword.

# --- build: all dependencies, compile TypeScript to dist/ ---
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- runtime: production dependencies only, non-root ---
FROM node:22-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY config ./config
COPY cards ./cards
COPY templates ./templates
USER node
EXPOSE 3978
# node:22-slim has no curl; Node 22 has fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/index.js"]
