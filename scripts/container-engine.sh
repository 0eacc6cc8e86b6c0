#!/usr/bin/env bash
# Prints the container CLI to use: `docker` when a Docker engine answers (and DOCKER_HOST does not
# point at podman's socket), else `podman` (see .ci/setup-podman.sh). Both build scripts ask here,
# so images land in the store the tests run them from.
set -euo pipefail
if command -v docker >/dev/null 2>&1 && [[ "${DOCKER_HOST:-}" != *podman* ]] &&
  docker info >/dev/null 2>&1; then
  echo docker
elif command -v podman >/dev/null 2>&1; then
  echo podman
else
  echo "container-engine: neither a Docker engine nor podman is available" >&2
  exit 1
fi
