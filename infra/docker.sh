#!/usr/bin/env bash
# A Docker Engine for Berth's agents and their tests.
#
#   infra/docker.sh ensure   use the engine at DOCKER_HOST (or /var/run/docker.sock) when one
#                            answers; otherwise, as root with apt-get, install docker.io and start
#                            a private dockerd under .tools/docker/. Then make sure the local image
#                            berth/busybox:latest exists (built from busybox-static, no registry).
#   infra/docker.sh status   say which engine answers
#   infra/docker.sh env      print `export DOCKER_HOST=...` for the engine that answers
#   infra/docker.sh stop     stop the private dockerd this script started (never anything else)
#
# The private engine listens only on its Unix socket (.tools/docker/docker.sock); its data-root,
# exec-root, pid file and log are under .tools/docker/ as well. Only one such engine should run on a
# machine, so `ensure` reuses a live one (the pid file names it) instead of starting another. It uses
# the vfs storage driver, which works on any file system (including overlay roots) at the cost of
# copying image layers: fine for the small busybox image the tests use.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Resolved (-P) so that worktrees sharing one .tools through a symlink see one engine.
mkdir -p "$ROOT/.tools/docker"
DIR="$(cd -P "$ROOT/.tools/docker" && pwd)"
SOCKET="$DIR/docker.sock"
PID_FILE="$DIR/dockerd.pid"
LOG_FILE="$DIR/dockerd.log"
IMAGE="berth/busybox:latest"
START_TIMEOUT="${BERTH_DOCKER_START_TIMEOUT:-60}"

say() { printf 'docker: %s\n' "$*"; }
die() { printf 'docker: %s\n' "$*" >&2; exit 1; }

# True when an engine answers on the unix:// address $1.
answers() {
  local host="$1"
  [[ "$host" == unix://* ]] || return 1
  curl -s -o /dev/null --max-time 3 --unix-socket "${host#unix://}" http://localhost/_ping 2>/dev/null
}

# Pid of the dockerd started here, if it still runs (and is still a dockerd using our socket).
our_pid() {
  local pid cmdline
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  cmdline="$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$cmdline" == *dockerd* && "$cmdline" == *"$SOCKET"* ]] || return 1
  echo "$pid"
}

# The engine to use, or nothing: DOCKER_HOST if set and answering, the private one, then the system one.
engine() {
  if [[ -n "${DOCKER_HOST:-}" ]] && answers "$DOCKER_HOST"; then echo "$DOCKER_HOST"; return 0; fi
  if our_pid >/dev/null && answers "unix://$SOCKET"; then echo "unix://$SOCKET"; return 0; fi
  if answers unix:///var/run/docker.sock; then echo unix:///var/run/docker.sock; return 0; fi
  return 1
}

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  # The image needs a statically linked busybox (it has no libc).
  if [[ ! -x /bin/busybox ]] || ldd /bin/busybox >/dev/null 2>&1; then missing+=(busybox-static); fi
  ((${#missing[@]} == 0)) && return 0
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
    die "no Docker Engine answers and ${missing[*]} cannot be installed here (needs root and apt-get).
Install Docker (https://docs.docker.com/engine/install/) and busybox-static, or set DOCKER_HOST."
  fi
  say "installing ${missing[*]} with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" iptables >/dev/null
}

start_private() {
  local pid
  if pid="$(our_pid)"; then
    say "pid $pid from an earlier start is not answering yet; waiting"
  else
    [[ "$(id -u)" == 0 ]] || die "no Docker Engine answers, and a private one needs root. Set DOCKER_HOST or start Docker."
    install_packages
    mkdir -p "$DIR/data" "$DIR/exec"
    rm -f "$PID_FILE" "$SOCKET"
    : > "$LOG_FILE"
    # setsid: the engine outlives this shell and ignores a Ctrl-C meant for make; `stop` ends it.
    # The awslogs log driver runs inside dockerd and signs its CloudWatch Logs calls with dockerd's
    # own credentials: hand it the AWS_* credentials of this shell, or the local emulator's dummy key
    # when there are none (the emulator takes any key; against AWS, export real ones before
    # `make docker`). Containers name the endpoint themselves (awslogs-endpoint).
    env AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}" \
        AWS_REGION="${AWS_REGION:-us-east-1}" \
    setsid dockerd \
      --host "unix://$SOCKET" \
      --data-root "$DIR/data" \
      --exec-root "$DIR/exec" \
      --pidfile "$PID_FILE" \
      --storage-driver vfs \
      --ip 127.0.0.1 \
      </dev/null >>"$LOG_FILE" 2>&1 &
    pid=$!
    say "starting dockerd (pid $pid, socket .tools/docker/docker.sock, log .tools/docker/dockerd.log)"
  fi
  local deadline=$((SECONDS + START_TIMEOUT))
  while (( SECONDS < deadline )); do
    if answers "unix://$SOCKET"; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$LOG_FILE" >&2 || true
      die "dockerd exited during start-up (log above, from .tools/docker/dockerd.log)"
    fi
    sleep 0.5
  done
  tail -n 20 "$LOG_FILE" >&2 || true
  die "dockerd does not answer after ${START_TIMEOUT} s"
}

# berth/busybox:latest: a root file system of busybox-static's /bin/busybox and its applet links.
ensure_image() {
  local host="$1"
  if DOCKER_HOST="$host" docker image inspect "$IMAGE" >/dev/null 2>&1; then return 0; fi
  if [[ ! -x /bin/busybox ]]; then install_packages; fi
  local rootfs
  rootfs="$(mktemp -d)"
  mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev" "$rootfs/www"
  chmod 1777 "$rootfs/tmp"
  cp /bin/busybox "$rootfs/bin/busybox"
  local applet
  for applet in $("$rootfs/bin/busybox" --list); do
    [[ "$applet" == busybox ]] || ln -sf busybox "$rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$rootfs/etc/group"
  echo 'hello from berth/busybox' > "$rootfs/www/index.html"
  tar -C "$rootfs" -c . | DOCKER_HOST="$host" docker import \
      -c 'ENV PATH=/bin' -c 'CMD ["sh"]' - "$IMAGE" >/dev/null
  rm -rf "$rootfs"
  say "created image $IMAGE"
}

cmd_ensure() {
  local host
  if host="$(engine)"; then
    if [[ "$host" == "unix://$SOCKET" ]]; then
      say "private engine already running (pid $(our_pid))"
    else
      say "using the engine answering at $host"
    fi
  else
    start_private
    host="unix://$SOCKET"
  fi
  command -v docker >/dev/null || install_packages
  ensure_image "$host"
  say "ready: export DOCKER_HOST=$host   (or: source infra/env.sh)"
}

cmd_status() {
  local host
  if host="$(engine)"; then
    say "engine answering at $host"
  else
    say "no Docker Engine answers"
    return 1
  fi
}

cmd_env() {
  local host
  if host="$(engine)"; then echo "export DOCKER_HOST=$host"; fi
}

cmd_stop() {
  local pid
  if ! pid="$(our_pid)"; then
    say "no dockerd started by this script is running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    say "stopped dockerd pid $pid (forced)"
  else
    say "stopped dockerd pid $pid"
  fi
  rm -f "$PID_FILE"
}

case "${1:-}" in
  ensure) cmd_ensure ;;
  status) cmd_status ;;
  env) cmd_env ;;
  stop) cmd_stop ;;
  *) echo "usage: $0 ensure|status|env|stop" >&2; exit 2 ;;
esac
