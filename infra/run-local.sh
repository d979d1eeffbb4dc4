#!/usr/bin/env bash
# `make run`: Berth's ECS endpoint on localhost (LocalBerth, through the Lambda handler classes),
# and BERTH_AGENTS host agents (default 2), each its own JVM and its own container instance, so that
# killing one shows an instance going missing. The agents run tasks as Docker containers when a
# Docker Engine answers (DOCKER_HOST, `make docker`'s private engine, or /var/run/docker.sock), and
# as local processes otherwise.
# Expects the build (`make build`) and infra/env.sh's environment; Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

port="${BERTH_PORT:-8080}"
agents="${BERTH_AGENTS:-2}"
cluster="${BERTH_AGENT_CLUSTER:-default}"
url="http://localhost:$port"
# the agent channel: Berth wakes its agents through it when their tasks change
channel_port="${BERTH_AGENT_CHANNEL_PORT:-8081}"
wake_url="ws://127.0.0.1:$channel_port/agent"
agent_jar="$(ls agent/target/berth-agent-*-all.jar 2>/dev/null | head -n 1 || true)"

children=()
stop_all() {
  trap - EXIT INT TERM
  for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM

export BERTH_PORT="$port" BERTH_AGENT_CHANNEL_PORT="$channel_port"
credentials="${BERTH_CREDENTIALS_FILE:-$PWD/.tools/credentials}"
rm -f "$credentials"  # written anew by this run, once its keys exist
# Berth talks to the emulator with the emulator's own dummy key, never with a key of its own users.
AWS_ACCESS_KEY_ID="${BERTH_EMULATOR_ACCESS_KEY_ID:-test}" AWS_SECRET_ACCESS_KEY="${BERTH_EMULATOR_SECRET_KEY:-test}" \
AWS_PROFILE= AWS_SHARED_CREDENTIALS_FILE= BERTH_CREDENTIALS_FILE="$credentials" \
  java -cp "$(cat local/target/classpath.txt):local/target/classes" dev.berth.local.LocalBerth &
children+=("$!")

# Wait for the endpoint before the agents register with it.
for _ in $(seq 1 120); do
  # any answer will do (an unsigned call is refused), once the credentials are written
  if curl -s -o /dev/null -X POST -H 'X-Amz-Target: AmazonEC2ContainerServiceV20141113.ListClusters' \
      -H 'Content-Type: application/x-amz-json-1.1' -d '{}' "$url" && [[ -f "$credentials" ]]; then
    break
  fi
  sleep 0.5
done

if [[ "$agents" -gt 0 ]]; then
  if [[ -z "$agent_jar" ]]; then
    echo "run: no agent jar under agent/target (run 'make build'); starting without agents" >&2
  else
    # An even share of this host for each agent, as the ECS agent would register it alone.
    cpu=$(( $(nproc) * 1024 / agents ))
    memory=$(( $(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo) / agents ))
    mkdir -p .tools/agents
    # the agents prove themselves with the key that may only register instances (profile
    # berth-agent-bootstrap), then work with their instance's own short-lived credential
    bootstrap_id=$(awk '/^\[berth-agent-bootstrap\]/{p=1;next} /^\[/{p=0} p && /aws_access_key_id/{print $3}' "$credentials")
    bootstrap_secret=$(awk '/^\[berth-agent-bootstrap\]/{p=1;next} /^\[/{p=0} p && /aws_secret_access_key/{print $3}' "$credentials")
    runtime=process
    if docker_env="$(bash infra/docker.sh env)" && [[ -n "$docker_env" ]]; then
      eval "$docker_env"
      runtime=docker
      echo "run: agents use the Docker runtime (engine at $DOCKER_HOST)"
    else
      echo "run: no Docker Engine answers ('make docker' starts one); agents run tasks as local processes"
    fi
    pids=()
    for n in $(seq 1 "$agents"); do
      BERTH_ENDPOINT="$url" ECS_CLUSTER="$cluster" ECS_DATADIR="$PWD/.tools/agents/agent-$n" \
      BERTH_AGENT_RUNTIME="$runtime" BERTH_AGENT_CPU="$cpu" BERTH_AGENT_MEMORY="$memory" \
      BERTH_BOOTSTRAP_ACCESS_KEY_ID="$bootstrap_id" BERTH_BOOTSTRAP_SECRET_ACCESS_KEY="$bootstrap_secret" \
      BERTH_AGENT_WAKE_URL="$wake_url" \
        java -jar "$agent_jar" > ".tools/agents/agent-$n.log" 2>&1 &
      children+=("$!")
      pids+=("$!")
    done
    if [[ "$runtime" == docker ]]; then
      cat <<MSG

$agents agents (pids ${pids[*]}) run tasks of cluster '$cluster' as Docker containers; their logs
are under .tools/agents/. For example, a web server on a port Docker picks:
  aws ecs register-task-definition --family web --endpoint-url $url --container-definitions \\
    '[{"name":"web","image":"berth/busybox:latest","memory":64,"command":["httpd","-f","-p","80","-h","/www"],
      "portMappings":[{"containerPort":80}]}]'
  aws ecs run-task --task-definition web --endpoint-url $url
  aws ecs describe-tasks --tasks <task ARN> --endpoint-url $url \\
    --query 'tasks[0].containers[0].networkBindings'          # then: curl http://127.0.0.1:<hostPort>/
  aws ecs create-service --service-name webs --task-definition web --desired-count 2 --endpoint-url $url
MSG
    else
      cat <<MSG

$agents agents (pids ${pids[*]}) run tasks of cluster '$cluster' as local processes; their logs
and task output are under .tools/agents/. For example:
  aws ecs register-task-definition --family sleeper --endpoint-url $url \\
      --container-definitions '[{"name":"main","image":"none","memory":64,"command":["sleep","5"]}]'
  aws ecs run-task --task-definition sleeper --endpoint-url $url
  aws ecs list-tasks --desired-status STOPPED --endpoint-url $url
  aws ecs create-service --service-name sleepers --task-definition sleeper --desired-count 2 --endpoint-url $url
MSG
    fi
    cat <<MSG
Metrics (CloudWatch Embedded Metric Format records, as the functions print them on AWS) are
appended to .tools/berth-metrics.log; ECS events go to the emulator's default EventBridge bus.
Kill one agent (kill <pid>) and its instance goes disconnected, then lost after
BERTH_INSTANCE_LOST_AFTER_SECONDS (600 by default), and its service tasks start on the other.
MSG
  fi
fi

wait "${children[0]}"
