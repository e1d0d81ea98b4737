#!/usr/bin/env bash
# Stop the local control plane started by up.sh and remove its state dir
# (${JOBSIM_CLUSTER_DIR:-$HOME/.cache/jobsim/cluster}). Stops only the processes whose pids
# up.sh recorded, and only if they still run the binaries it started. Safe to run twice.
# The built binaries (scripts/cluster/build.sh) are kept.
#
# Usage: scripts/cluster/down.sh [--keep-state]   (--keep-state: stop, but keep logs and data)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "${SCRIPT_DIR}/lib.sh"

STATE="${JOBSIM_CLUSTER_DIR}"
PIDS="${STATE}/pids"
MARKER="${STATE}/.jobsim-cluster"
KEEP_STATE=false
for arg in "$@"; do
  case "${arg}" in
    --keep-state) KEEP_STATE=true ;;
    -h | --help) sed -n '2,7p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument: ${arg}" ;;
  esac
done

if [[ ! -e "${STATE}" ]]; then
  log "no cluster state in ${STATE}: nothing to stop"
  exit 0
fi
[[ -f "${MARKER}" ]] || die "${STATE} exists but was not made by up.sh (no .jobsim-cluster marker): not touching it"

# our_pid COMPONENT: print the recorded pid if that process is still the binary up.sh started
our_pid() {
  local f="${PIDS}/$1.pid" pid exe
  [[ -s "${f}" ]] || return 1
  pid=$(<"${f}")
  [[ "${pid}" =~ ^[0-9]+$ && -d "/proc/${pid}" ]] || return 1
  exe=$(readlink "/proc/${pid}/exe" 2>/dev/null || true)
  [[ "${exe}" == */"$1" || "${exe}" == */"$1 (deleted)" ]] || return 1
  echo "${pid}"
}

stop() { # stop COMPONENT: SIGTERM, wait up to 15 s, then SIGKILL
  local name=$1 pid i
  pid=$(our_pid "${name}") || return 0
  kill -TERM "${pid}" 2>/dev/null || return 0
  for ((i = 0; i < 150; i++)); do
    [[ -d "/proc/${pid}" ]] || break
    # a zombie (already exited, not yet reaped by init) counts as stopped
    [[ "$(awk '{print $3}' "/proc/${pid}/stat" 2>/dev/null)" == Z ]] && break
    sleep 0.1
  done
  if [[ -d "/proc/${pid}" && "$(awk '{print $3}' "/proc/${pid}/stat" 2>/dev/null)" != Z ]]; then
    log "${name} (pid ${pid}) did not stop after 15s: SIGKILL"
    kill -KILL "${pid}" 2>/dev/null || true
  fi
  log "stopped ${name} (pid ${pid})"
}

# reverse start order: clients first, etcd last
for c in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
  stop "${c}"
done

if [[ "${KEEP_STATE}" == true ]]; then
  rm -rf "${PIDS}"
  log "stopped; state kept in ${STATE} (remove it, or run down.sh again, before the next up.sh)"
else
  rm -rf "${STATE}"
  log "stopped and removed ${STATE}"
fi
