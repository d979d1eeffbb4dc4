#!/usr/bin/env bash
# Local AWS emulator for Berth (moto server with atomic DynamoDB writes,
# see infra/emulator/berth_moto.py).
#
#   infra/emulator.sh ensure   use the endpoint if something answers there,
#                              otherwise start the emulator and wait for it
#   infra/emulator.sh status   say what answers on the endpoint
#   infra/emulator.sh stop     stop the emulator this script started (if any,
#                              whatever its port); never anything else
#
# The endpoint is $AWS_ENDPOINT_URL (default http://localhost:4566). An
# emulator is only started when its host is localhost or 127.0.0.1; any
# other endpoint (a LocalStack elsewhere, say) must already be running.
#
# Files: .tools/emulator.pid (pid of the emulator started here) and
# .tools/emulator.log (its log, requests included). Set
# BERTH_EMULATOR_QUIET=1 to leave per-request lines out of the log.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="$ROOT/.tools"
PID_FILE="$TOOLS_DIR/emulator.pid"
LOG_FILE="$TOOLS_DIR/emulator.log"
LAUNCHER="$ROOT/infra/emulator/berth_moto.py"
VENV_PYTHON="$TOOLS_DIR/venv/bin/python"
START_TIMEOUT="${BERTH_EMULATOR_START_TIMEOUT:-30}"

ENDPOINT="${AWS_ENDPOINT_URL:-http://localhost:4566}"
ENDPOINT="${ENDPOINT%/}"

say() { printf 'emulator: %s\n' "$*"; }
die() { printf 'emulator: %s\n' "$*" >&2; exit 1; }

# Splits ENDPOINT into HOST and PORT.
parse_endpoint() {
  local rest
  if [[ ! "$ENDPOINT" =~ ^(https?)://([^/]+)(/.*)?$ ]]; then
    die "cannot parse AWS_ENDPOINT_URL='$ENDPOINT' (expected http://host:port)"
  fi
  SCHEME="${BASH_REMATCH[1]}"
  rest="${BASH_REMATCH[2]}"
  if [[ "$rest" =~ ^\[([^]]+)\](:([0-9]+))?$ || "$rest" =~ ^([^:]+)(:([0-9]+))?$ ]]; then
    HOST="${BASH_REMATCH[1]}"
    PORT="${BASH_REMATCH[3]}"
  else
    die "cannot parse host in AWS_ENDPOINT_URL='$ENDPOINT'"
  fi
  if [[ -z "$PORT" ]]; then
    if [[ "$SCHEME" == https ]]; then PORT=443; else PORT=80; fi
  fi
}

is_local_host() {
  [[ "$HOST" == localhost || "$HOST" == 127.0.0.1 ]]
}

# True when anything answers HTTP on the endpoint (any status code).
answers() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --connect-timeout 1 --max-time 3 "$ENDPOINT/" 2>/dev/null || true)"
  [[ -n "$code" && "$code" != 000 ]]
}

# Pid of the emulator this script started, if it is still running. With
# a port argument, only if that emulator listens on that port.
our_pid() {
  local pid cmdline
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against a recycled pid: it must still be our launcher.
  cmdline="$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$cmdline" == *berth_moto.py* ]] || return 1
  if [[ -n "${1:-}" && "$cmdline" != *"--port $1 "* ]]; then
    return 1
  fi
  echo "$pid"
}

cmd_ensure() {
  parse_endpoint
  if answers; then
    if pid="$(our_pid "$PORT")"; then
      say "already running at $ENDPOINT (pid $pid, log .tools/emulator.log)"
    else
      say "using the endpoint already answering at $ENDPOINT (not started by this script)"
    fi
    return 0
  fi
  if ! is_local_host; then
    die "nothing answers at $ENDPOINT, and only a localhost endpoint can be started here"
  fi
  if pid="$(our_pid "$PORT")"; then
    # Started earlier but not answering (yet): give it the usual time.
    say "pid $pid from an earlier start is not answering yet; waiting"
  elif pid="$(our_pid)"; then
    die "the emulator started here (pid $pid) listens on another port; 'infra/emulator.sh stop' it first"
  else
    [[ -x "$VENV_PYTHON" ]] || die ".tools/venv is missing: run infra/tools.sh (or make tools) first"
    mkdir -p "$TOOLS_DIR"
    rm -f "$PID_FILE"
    local bind=127.0.0.1 args=()
    if [[ "${BERTH_EMULATOR_QUIET:-0}" == 1 ]]; then args+=(--quiet); fi
    : > "$LOG_FILE"
    # --detach: the emulator outlives this shell and is not hit by a
    # Ctrl-C meant for the program using it; `stop` ends it.
    "$VENV_PYTHON" "$LAUNCHER" --detach --host "$bind" --port "$PORT" --log "$LOG_FILE" "${args[@]}" \
      </dev/null >>"$LOG_FILE" 2>&1 &
    pid=$!
    echo "$pid" > "$PID_FILE"
    say "starting moto (atomic DynamoDB) on $bind:$PORT, pid $pid, log .tools/emulator.log"
  fi
  local deadline=$((SECONDS + START_TIMEOUT))
  while (( SECONDS < deadline )); do
    if answers; then
      say "ready at $ENDPOINT"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      tail -n 20 "$LOG_FILE" >&2 || true
      die "the emulator exited during start-up (log above, from .tools/emulator.log)"
    fi
    sleep 0.3
  done
  tail -n 20 "$LOG_FILE" >&2 || true
  die "no answer at $ENDPOINT after ${START_TIMEOUT} s (pid $pid still running; 'infra/emulator.sh stop' ends it)"
}

cmd_stop() {
  local pid
  if ! pid="$(our_pid)"; then
    rm -f "$PID_FILE"
    say "no emulator started by this script is running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    say "stopped pid $pid (forced)"
  else
    say "stopped pid $pid"
  fi
  rm -f "$PID_FILE"
}

cmd_status() {
  parse_endpoint
  local pid=""
  pid="$(our_pid "$PORT")" || pid=""
  if answers; then
    if [[ -n "$pid" ]]; then
      say "running at $ENDPOINT (pid $pid, started by this script, log .tools/emulator.log)"
    else
      say "something not started by this script answers at $ENDPOINT"
    fi
    return 0
  fi
  if [[ -n "$pid" ]]; then
    say "pid $pid is running but does not answer at $ENDPOINT"
  else
    say "nothing answers at $ENDPOINT"
  fi
  return 1
}

case "${1:-}" in
  ensure) cmd_ensure ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 ensure|status|stop" >&2; exit 2 ;;
esac
