#!/usr/bin/env bash
# Stop a reference instance (JOBSIM_REFERENCE_INSTANCE, default dev) and delete its namespace, or
# with --all every instance and the shared RadixBatch controller. The control plane stays up
# (scripts/cluster/down.sh stops it). --keep-namespace leaves the instance's objects in the cluster.
set -euo pipefail

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

ALL=false
KEEP_NS=false
for arg in "$@"; do
  case "${arg}" in
    --all) ALL=true ;;
    --keep-namespace) KEEP_NS=true ;;
    -h | --help) sed -n '2,5p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument: ${arg}" ;;
  esac
done

stop_instance() {
  local dir=$1 ns=""
  [[ -f "${dir}/reference.env" ]] && ns=$(source "${dir}/reference.env" && echo "${JOBSIM_REFERENCE_NAMESPACE}")
  stop_pid "${dir}" "${REF_BIN_DIR}/job-scheduler"
  local kc="${JOBSIM_CLUSTER_DIR}/kubeconfig"
  if [[ "${KEEP_NS}" == false && -n "${ns}" && -f "${kc}" ]]; then
    "${JOBSIM_BIN_DIR}/kubectl" --kubeconfig "${kc}" delete namespace "${ns}" --ignore-not-found --wait=false >&2 2>/dev/null ||
      log "could not delete namespace ${ns} (is the control plane down?)"
  fi
  rm -f "${dir}/reference.env"
}

[[ -d "${REF_RUN_DIR}" ]] || exit 0
if [[ "${ALL}" == true ]]; then
  for d in "${REF_RUN_DIR}"/*/; do
    d=${d%/}
    [[ "$(basename "${d}")" == batch-controller || "$(basename "${d}")" == home ]] && continue
    stop_instance "${d}"
  done
  stop_pid "${REF_CONTROLLER_DIR}" "${REF_BIN_DIR}/batch-controller"
else
  stop_instance "${REF_INSTANCE_DIR}"
fi
