# One image for both roles; docker-compose runs it as `api` and as scalable `workers`.
FROM node:20-bookworm-slim
ENV ONNXRUNTIME_NODE_INSTALL=skip NODE_ENV=production
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ fonts-wqy-microhei && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
RUN npm ci --include=dev
COPY . .
RUN npm run build:ui
EXPOSE 3000
CMD ["npx", "tsx", "api/main.ts"]
