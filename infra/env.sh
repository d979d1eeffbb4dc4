# Environment for working on Berth locally. Source it (bash or zsh):
#
#   source infra/env.sh
#
# Puts the tools installed by infra/tools.sh (aws, sam, cfn-lint,
# moto_server) and infra/bin first on PATH and points the AWS SDKs and CLI at the local
# emulator. Every AWS_* value below is only a default: anything already
# set in the environment wins (for instance AWS_ENDPOINT_URL pointing at
# a LocalStack).

if [ -n "${BASH_SOURCE:-}" ]; then
  BERTH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
elif [ -n "${ZSH_VERSION:-}" ]; then
  # shellcheck disable=SC2296
  BERTH_ROOT="$(cd "$(dirname "${(%):-%x}")/.." && pwd)"
else
  BERTH_ROOT="$(pwd)"
fi
export BERTH_ROOT

# infra/bin comes first: its `aws` wrapper makes AWS CLI v1 honour
# AWS_ENDPOINT_URL for SQS too (see the comment in infra/bin/aws).
for _berth_bin in "$BERTH_ROOT/.tools/venv/bin" "$BERTH_ROOT/infra/bin"; do
  if [ -d "$_berth_bin" ]; then
    case ":$PATH:" in
      *":$_berth_bin:"*) ;;
      *) PATH="$_berth_bin:$PATH" ;;
    esac
  fi
done
unset _berth_bin
export PATH

# Berth's own keys, once `make run` has written them: the AWS CLI signs with the administrator's key
# (profile berth). The emulator accepts any key, so the same profile serves it too; Berth's local
# runtime itself talks to the emulator with the emulator's own dummy key (infra/run-local.sh).
if [ "${BERTH_ENV_DUMMY_KEY:-}" = 1 ]; then
  # set by an earlier sourcing of this file, before Berth's keys existed: not the user's own
  unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY BERTH_ENV_DUMMY_KEY
fi
if [ -f "$BERTH_ROOT/.tools/credentials" ] && [ -z "${AWS_ACCESS_KEY_ID:-}" ]; then
  export AWS_SHARED_CREDENTIALS_FILE="${AWS_SHARED_CREDENTIALS_FILE:-$BERTH_ROOT/.tools/credentials}"
  export AWS_PROFILE="${AWS_PROFILE:-berth}"
elif [ -z "${AWS_ACCESS_KEY_ID:-}" ]; then
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test BERTH_ENV_DUMMY_KEY=1
fi
export AWS_REGION="${AWS_REGION:-us-east-1}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-$AWS_REGION}"
export AWS_ENDPOINT_URL="${AWS_ENDPOINT_URL:-http://localhost:4566}"

# SAM CLI: no usage telemetry.
export SAM_CLI_TELEMETRY="${SAM_CLI_TELEMETRY:-0}"

# The private Docker Engine of `make docker` (infra/docker.sh), while it runs and unless
# DOCKER_HOST already names an engine.
if [ -z "${DOCKER_HOST:-}" ] && [ -f "$BERTH_ROOT/.tools/docker/dockerd.pid" ] \
    && kill -0 "$(cat "$BERTH_ROOT/.tools/docker/dockerd.pid" 2>/dev/null)" 2>/dev/null \
    && [ -S "$BERTH_ROOT/.tools/docker/docker.sock" ]; then
  DOCKER_HOST="unix://$(cd -P "$BERTH_ROOT/.tools/docker" && pwd)/docker.sock"
  export DOCKER_HOST
fi
