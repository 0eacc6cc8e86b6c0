#!/usr/bin/env bash
# Provides the Node 24 base image the Dockerfile builds FROM, and prints it as an `export` line:
#   eval "$(scripts/node-base-image.sh)"   # then NODE_IMAGE=... for docker/Dockerfile
#
# With Docker and a reachable registry that is the official node:24-bookworm-slim. Offline (our CI:
# podman, no registry) it is made here from the host: a root filesystem holding the Node 24 binary
# of the devDependency `node@24`, the shared libraries `ldd` lists for it and the dynamic loader,
# /etc/passwd and /etc/group with the non-root user `node` (uid 10001), and /tmp; imported as
# localhost/cartwheel-node:24. Idempotent: an existing image is kept (FORCE=1 rebuilds it); a
# NODE_IMAGE already set is kept as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'node-base-image: %s\n' "$*" >&2; }

if [ -n "${NODE_IMAGE:-}" ]; then
  log "using NODE_IMAGE=$NODE_IMAGE as given"
  echo "export NODE_IMAGE=$NODE_IMAGE"
  exit 0
fi

OFFICIAL=node:24-bookworm-slim
LOCAL=${LOCAL_NODE_IMAGE:-localhost/cartwheel-node:24}

engine=$(scripts/container-engine.sh)
if [ "$engine" = docker ]; then
  if [ -z "${FORCE:-}" ] && docker image pull -q "$OFFICIAL" >/dev/null 2>&1; then
    log "using the official $OFFICIAL"
    echo "export NODE_IMAGE=$OFFICIAL"
    exit 0
  fi
fi

if [ -z "${FORCE:-}" ] && $engine image inspect "$LOCAL" >/dev/null 2>&1; then
  log "$LOCAL exists"
  echo "export NODE_IMAGE=$LOCAL"
  exit 0
fi

# The Node the project's npm scripts run; /opt/node24 or PATH's node when it is a Node 24.
node_bin=""
for candidate in node_modules/node/bin/node /opt/node24/bin/node "$(command -v node || true)"; do
  [ -n "$candidate" ] && [ -x "$candidate" ] || continue
  candidate=$(readlink -f "$candidate")
  if [ "$("$candidate" -p 'process.versions.node.split(".")[0]')" = 24 ]; then
    node_bin=$candidate
    break
  fi
done
[ -n "$node_bin" ] || {
  log "no Node 24 binary found (run npm ci first)"
  exit 1
}
version=$("$node_bin" -v)
log "building $LOCAL from $node_bin ($version)"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/usr/local/bin" "$root/etc" "$root/tmp" "$root/home/node"
chmod 1777 "$root/tmp"
cp "$node_bin" "$root/usr/local/bin/node"

# Every library at the path the loader will look for it, symlinks resolved (cp -L); the loader
# itself is the line without "=>".
ldd "$node_bin" | awk '/=> \//{print $3} /^[[:space:]]*\/[^ ]*ld-linux/{print $1}' | while read -r lib; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done

cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/usr/sbin/nologin
node:x:10001:10001:node:/home/node:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
node:x:10001:
nogroup:x:65534:
EOF
# glibc resolves names with its built-in files and dns modules; the engine mounts hosts/resolv.conf.
echo 'hosts: files dns' >"$root/etc/nsswitch.conf"
chown 10001:10001 "$root/home/node"

tar -C "$root" --numeric-owner -cf "$root.tar" .
$engine import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change "ENV NODE_VERSION=${version#v}" \
  --change 'CMD ["node"]' \
  "$root.tar" "$LOCAL" >/dev/null
rm -f "$root.tar"
log "imported $LOCAL ($($engine image inspect --format '{{.Size}}' "$LOCAL") bytes)"
echo "export NODE_IMAGE=$LOCAL"
