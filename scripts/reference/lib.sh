# shellcheck shell=bash
# shellcheck disable=SC2034 # the variables are used by the scripts that source this file
# Shared settings for scripts/reference/*.sh (sourced). The reference is radix-operator v1.126.1's
# job-scheduler plus its RadixBatch controller, built from the reference's source tarball and the Go
# module proxy into a cache folder outside the repo, and run against the local control plane
# (scripts/cluster/) as a test oracle.

REF_SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REF_REPO_DIR=$(cd "${REF_SCRIPT_DIR}/../.." && pwd)
# shellcheck source=../cluster/lib.sh
source "${REF_SCRIPT_DIR}/../cluster/lib.sh"

JOBSIM_REFERENCE_VERSION=${JOBSIM_REFERENCE_VERSION:-1.126.1}
REF_TARBALL_NAME="radix-operator-v${JOBSIM_REFERENCE_VERSION}-src.tar.gz"
# The build folder's key: the reference's version and a hash of our controller main, so an edit of
# batch-controller/main.go builds beside the old one instead of over it.
REF_MAIN="${REF_SCRIPT_DIR}/batch-controller/main.go"
REF_KEY="v${JOBSIM_REFERENCE_VERSION}-$(sha256sum "${REF_MAIN}" | cut -c1-12)"
REF_BUILD_DIR="${JOBSIM_CACHE_DIR}/reference-${REF_KEY}"
REF_BIN_DIR="${REF_BUILD_DIR}/bin"
REF_RUN_DIR=${JOBSIM_REFERENCE_RUN_DIR:-${JOBSIM_CACHE_DIR}/reference-run}

# The application the fixture deploys: the job components of this radixconfig, as Radix would deploy
# them for environment JOBSIM_REFERENCE_CONFIG_ENVIRONMENT.
REF_CONFIG=${JOBSIM_REFERENCE_CONFIG:-${REF_REPO_DIR}/examples/radixconfig.yaml}
REF_CONFIG_ENVIRONMENT=${JOBSIM_REFERENCE_CONFIG_ENVIRONMENT:-dev}
REF_COMPONENT=${JOBSIM_REFERENCE_COMPONENT:-compute}

# An instance is one job-scheduler in its own namespace <app>-<instance> on its own port, so that
# several users of one control plane (the test suite, a developer) do not stop each other's jobs.
# The RadixBatch controller watches every namespace and is shared by all instances.
REF_INSTANCE=${JOBSIM_REFERENCE_INSTANCE:-dev}
[[ "${REF_INSTANCE}" =~ ^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$ ]] ||
  die "JOBSIM_REFERENCE_INSTANCE must be a DNS label of at most 22 characters: ${REF_INSTANCE}"
REF_INSTANCE_DIR="${REF_RUN_DIR}/${REF_INSTANCE}"
REF_CONTROLLER_DIR="${REF_RUN_DIR}/batch-controller"
# Default port of the `dev` instance; other instances take the next free port above it.
REF_DEFAULT_PORT=18000

# find_tarball: print the path of the reference's source tarball, or fail. It is in no package
# registry and not in this repo. Looked for, in order: $JOBSIM_REFERENCE_TARBALL, the cache folder
# (build.sh keeps a copy there), then anywhere up to three levels below the folder that holds this
# checkout (a workspace that keeps the tarball beside the repo).
find_tarball() {
  local c
  for c in "${JOBSIM_REFERENCE_TARBALL:-}" "${JOBSIM_CACHE_DIR}/${REF_TARBALL_NAME}"; do
    if [[ -n "${c}" && -f "${c}" ]]; then
      readlink -f "${c}"
      return 0
    fi
  done
  c=$(find "$(dirname "${REF_REPO_DIR}")" -maxdepth 3 -name "${REF_TARBALL_NAME}" -type f -print -quit 2>/dev/null)
  [[ -n "${c}" ]] && readlink -f "${c}"
}

ref_pid_alive() { # ref_pid_alive PIDFILE BINARY: the recorded process runs BINARY (of any reference build)
  local f=$1 name pid exe
  name=$(basename "$2")
  [[ -s "${f}" ]] || return 1
  pid=$(<"${f}")
  [[ -d "/proc/${pid}" ]] || return 1
  exe=$(readlink "/proc/${pid}/exe" 2>/dev/null || true)
  exe=${exe% (deleted)}
  [[ "${exe}" == "${JOBSIM_CACHE_DIR}"/reference-*/bin/"${name}" ]]
}

# stop_pid DIR BINARY: SIGTERM the recorded process if it still runs BINARY, SIGKILL after 10 s.
stop_pid() {
  local dir=$1 bin=$2 pid i
  ref_pid_alive "${dir}/pid" "${bin}" || { rm -f "${dir}/pid"; return 0; }
  pid=$(<"${dir}/pid")
  kill "${pid}" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    [[ -d "/proc/${pid}" ]] || break
    sleep 0.1
  done
  [[ -d "/proc/${pid}" ]] && kill -9 "${pid}" 2>/dev/null || true
  rm -f "${dir}/pid"
  log "stopped $(basename "${bin}") (pid ${pid})"
}
