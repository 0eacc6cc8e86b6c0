#!/usr/bin/env bash
# Makes a Docker-compatible engine answer for the container suite, then prints the environment
# the suite needs as `export` lines, so callers do:  eval "$(.ci/setup-podman.sh)"
#
# A machine with a working Docker engine is used as it is. Otherwise (our CI machines: no Docker
# daemon, no registry) Debian's podman serves the Docker API on a socket. Idempotent: every step
# is skipped when already done. Logs go to stderr; stdout carries only the exports.
set -euo pipefail

log() { printf 'setup-podman: %s\n' "$*" >&2; }

if command -v docker >/dev/null 2>&1 && [[ "${DOCKER_HOST:-}" != *podman* ]] &&
  docker info >/dev/null 2>&1; then
  log "a Docker engine answers; podman is not needed"
  exit 0
fi

SOCKET_PATH=/run/podman/podman.sock
SOCKET="unix://$SOCKET_PATH"

if ! command -v podman >/dev/null 2>&1 || ! command -v runc >/dev/null 2>&1; then
  log "installing podman and runc"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq podman runc; } >/tmp/setup-podman-apt.log 2>&1; then
    tail -20 /tmp/setup-podman-apt.log >&2
    exit 1
  fi
fi

# crun fails on this kernel's hybrid cgroup layout, so runc with plain cgroupfs. Containers may
# not raise rlimits above the host's, so pin the defaults podman would otherwise try to set.
CONF=/etc/containers/containers.conf
WANTED='[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"

[containers]
default_ulimits = ["nofile=16384:16384", "nproc=8192:8192"]'
if [ "$(cat "$CONF" 2>/dev/null)" != "$WANTED" ]; then
  log "writing $CONF"
  mkdir -p /etc/containers
  printf '%s\n' "$WANTED" >"$CONF"
fi

answers() { curl -fsS --max-time 2 --unix-socket "$SOCKET_PATH" http://d/_ping >/dev/null 2>&1; }
wait_answer() {
  for _ in $(seq 1 "$1"); do
    answers && return 0
    sleep 0.2
  done
  return 1
}

# A service left running from `cd` into a checkout that is gone since cannot start containers
# (conmon fails on its working directory): replace it.
for pid in $(pgrep -f "podman system service .*$SOCKET_PATH" || true); do
  if [[ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" == *" (deleted)" ]]; then
    log "replacing a podman service whose working directory was deleted"
    kill "$pid" 2>/dev/null || true
    sleep 1
  fi
done

# A service already running may just be slow on a busy machine: give it time before replacing it.
if ! answers && pgrep -f "podman system service .*$SOCKET_PATH" >/dev/null; then
  wait_answer 150 || true
fi
if ! answers; then
  log "starting the podman API service on $SOCKET"
  mkdir -p /run/podman
  rm -f "$SOCKET_PATH"
  # Detached from this shell: the service outlives the script and serves every later step.
  # netavark, which wires each container's network, runs iptables from the sbin folders; a
  # caller with a minimal PATH (no /usr/sbin) would leave every container start failing. From
  # `/`: conmon needs the service's working directory, and a checkout may be deleted under it.
  # The redirections are the subshell's own, so no copy of this script's stdout (which the caller
  # reads to its end) stays open in the service.
  (cd / && PATH="/usr/local/sbin:/usr/sbin:/sbin:$PATH" exec setsid nohup podman system service \
    --time=0 "$SOCKET") >/tmp/podman-service.log 2>&1 </dev/null &
  wait_answer 150 || {
    log "the podman API did not answer; see /tmp/podman-service.log"
    exit 1
  }
fi
log "podman $(podman version --format '{{.Client.Version}}') answers on $SOCKET"

# testcontainers' reaper (Ryuk) needs a pulled image and a privileged socket mount; the suite
# stops what it starts instead.
echo "export DOCKER_HOST=$SOCKET"
echo "export TESTCONTAINERS_RYUK_DISABLED=true"
