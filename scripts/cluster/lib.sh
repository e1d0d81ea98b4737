# shellcheck shell=bash
# shellcheck disable=SC2034 # the variables are used by the scripts that source this file
# Shared settings for scripts/cluster/*.sh. Sourced, not executed.
#
# Versions of the local control plane. Changing any of them changes the cache key, so a new
# set is built next to the old one instead of over it.
JOBSIM_K8S_VERSION=${JOBSIM_K8S_VERSION:-1.36.3}
JOBSIM_ETCD_VERSION=${JOBSIM_ETCD_VERSION:-3.6.16}
JOBSIM_KWOK_VERSION=${JOBSIM_KWOK_VERSION:-0.8.0}

JOBSIM_CACHE_DIR=${JOBSIM_CACHE_DIR:-$HOME/.cache/jobsim}
JOBSIM_VERSIONS_KEY="v${JOBSIM_K8S_VERSION}-etcd${JOBSIM_ETCD_VERSION}-kwok${JOBSIM_KWOK_VERSION}"
JOBSIM_K8S_DIR="${JOBSIM_CACHE_DIR}/k8s-${JOBSIM_VERSIONS_KEY}"
JOBSIM_BIN_DIR="${JOBSIM_K8S_DIR}/bin"
JOBSIM_CLUSTER_DIR=${JOBSIM_CLUSTER_DIR:-$HOME/.cache/jobsim/cluster}

# The binaries every script expects in JOBSIM_BIN_DIR.
JOBSIM_BINARIES=(etcd kwok kube-apiserver kube-controller-manager kube-scheduler kubectl)

# log MESSAGE...: one timestamped line on stderr.
log() {
  printf '[%s] %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2
}

die() {
  log "ERROR: $*"
  exit 1
}

# expected_version NAME: a string that NAME's version output must contain.
expected_version() {
  case "$1" in
    etcd) printf 'etcd Version: %s' "${JOBSIM_ETCD_VERSION}" ;;
    kwok) printf '%s' "${JOBSIM_KWOK_VERSION}" ;;
    kubectl) printf 'Client Version: v%s' "${JOBSIM_K8S_VERSION}" ;;
    kube-*) printf 'Kubernetes v%s' "${JOBSIM_K8S_VERSION}" ;;
    *) return 1 ;;
  esac
}

# binary_ok NAME: true when JOBSIM_BIN_DIR/NAME exists and reports the expected version.
binary_ok() {
  local name=$1 bin="${JOBSIM_BIN_DIR}/$1" out
  [[ -x "${bin}" ]] || return 1
  case "${name}" in
    kubectl) out=$("${bin}" version --client 2>/dev/null) || return 1 ;;
    *) out=$("${bin}" --version 2>/dev/null) || return 1 ;;
  esac
  [[ "${out}" == *"$(expected_version "${name}")"* ]]
}
