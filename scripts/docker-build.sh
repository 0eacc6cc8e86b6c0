#!/usr/bin/env bash
# Builds the image of each app named (default: all three) from docker/Dockerfile, tagged
# cartwheel/<app>:${IMAGE_TAG:-latest}. The bundles must exist: `nx run <app>:docker-build`
# builds them first. Uses docker or podman, as scripts/container-engine.sh says.
#   scripts/docker-build.sh catalog
#   NODE_IMAGE=node:24-bookworm-slim IMAGE_TAG=0.1.0 scripts/docker-build.sh
set -euo pipefail
cd "$(dirname "$0")/.."

apps=("$@")
[ ${#apps[@]} -gt 0 ] || apps=(catalog cart gateway)

if [ -z "${NODE_IMAGE:-}" ]; then
  eval "$(scripts/node-base-image.sh)"
fi

if [ "$(scripts/container-engine.sh)" = podman ]; then
  # Docker format keeps HEALTHCHECK (OCI image config has no field for it).
  build=(podman build --format docker --ignorefile docker/Dockerfile.dockerignore)
else
  build=(docker build)
fi

for app in "${apps[@]}"; do
  [ -f "apps/$app/dist/main.js" ] || {
    echo "docker-build: apps/$app/dist/main.js is missing; run: npx nx run $app:build" >&2
    exit 1
  }
  image="cartwheel/$app:${IMAGE_TAG:-latest}"
  echo "docker-build: $image FROM $NODE_IMAGE" >&2
  "${build[@]}" -q -f docker/Dockerfile --build-arg "NODE_IMAGE=$NODE_IMAGE" \
    --build-arg "APP=$app" -t "$image" . >/dev/null
done
