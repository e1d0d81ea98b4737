#!/usr/bin/env bash
# Start the reference (radix-operator v1.126.1's job-scheduler and RadixBatch controller) against the
# local control plane, as a test oracle. Builds it first when needed (build.sh) and brings the control
# plane up when it is not (scripts/cluster/up.sh).
#
# One instance = one job-scheduler serving the job component JOBSIM_REFERENCE_COMPONENT (compute) of
# examples/radixconfig.yaml (environment dev) in the namespace myapp-<instance>, on a loopback port.
# The RadixBatch controller is shared by every instance. Idempotent: an instance that is up is left
# as it is. Prints the instance's base URL as the last line on stdout:
#   export JOBSIM_REFERENCE_URL=$(scripts/reference/up.sh)
# and writes it, with the namespace and kubeconfig, to <run dir>/<instance>/reference.env.
#
# Environment (all optional):
#   JOBSIM_REFERENCE_INSTANCE   instance name (dev); each instance has its own namespace and port
#   JOBSIM_REFERENCE_PORT       port (dev: 18000; others: the next free port above it)
#   JOBSIM_REFERENCE_WEBHOOK    the component's notifications.webhook (default: the config's; none: no webhook)
#   JOBSIM_REFERENCE_CONFIG, JOBSIM_REFERENCE_CONFIG_ENVIRONMENT, JOBSIM_REFERENCE_COMPONENT
#                               radixconfig.yaml, its environment and the job component to serve
#   JOBSIM_REFERENCE_QPS, JOBSIM_REFERENCE_BURST
#                               the batch controller's Kubernetes client rate (50/100; the chart's 5/5
#                               keeps batches Waiting for 10-17 s). The job-scheduler keeps client-go's
#                               default (5 QPS), as in Radix.
# Exit status 3: the reference cannot be built here (no source tarball): callers skip, naming why.
set -euo pipefail

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

QPS=${JOBSIM_REFERENCE_QPS:-50}
BURST=${JOBSIM_REFERENCE_BURST:-100}
TIMEOUT=${JOBSIM_UP_TIMEOUT:-120}
T0=$(date +%s)
since() { printf '%ss' "$(($(date +%s) - T0))"; }

# wait_until WHAT SECONDS CMD...
wait_until() {
  local what=$1 limit=$2 deadline
  shift 2
  deadline=$(($(date +%s) + limit))
  until "$@" >/dev/null 2>&1; do
    (($(date +%s) < deadline)) || die "timed out after ${limit}s waiting for ${what}"
    sleep 0.5
  done
  log "${what}: ok ($(since))"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

main() {
  local rc=0
  "${REF_SCRIPT_DIR}/build.sh" >&2 || rc=$?
  ((rc == 0)) || exit "${rc}"
  KUBECONFIG_FILE=$("${REF_SCRIPT_DIR}/../cluster/up.sh" | tail -n 1)
  [[ -f "${KUBECONFIG_FILE}" ]] || die "scripts/cluster/up.sh gave no kubeconfig"
  kubectl_() { "${JOBSIM_BIN_DIR}/kubectl" --kubeconfig "${KUBECONFIG_FILE}" "$@"; }

  mkdir -p "${REF_RUN_DIR}"
  exec 8>"${REF_RUN_DIR}/.lock"
  flock 8

  # The reference's processes read $HOME/.kube/config and nothing else.
  local home="${REF_RUN_DIR}/home"
  mkdir -p "${home}/.kube"
  cp -f "${KUBECONFIG_FILE}" "${home}/.kube/config"

  # CRDs (every radix* CRD of the chart: the operator's informers wait for all of them), then the
  # label that the reference's job pods require of a node (node affinity: nodepooltasks exists).
  kubectl_ apply --server-side --force-conflicts -f "${REF_BUILD_DIR}/crds" >&2
  kubectl_ wait --for condition=established --timeout=60s -f "${REF_BUILD_DIR}/crds" >&2
  kubectl_ label nodes -l type=kwok nodepooltasks=true --overwrite >&2

  start_controller
  start_instance
}

start_controller() {
  local dir="${REF_CONTROLLER_DIR}" bin="${REF_BIN_DIR}/batch-controller"
  mkdir -p "${dir}"
  # The kubeconfig the controller was started with: a control plane brought down and up again has
  # a new CA, and a controller still holding the old one fails every request (x509) for ever.
  local kc_sum
  kc_sum=$(sha256sum "${KUBECONFIG_FILE}" | cut -d' ' -f1)
  if ref_pid_alive "${dir}/pid" "${bin}"; then
    if [[ -f "${dir}/kubeconfig.sha256" && "$(<"${dir}/kubeconfig.sha256")" == "${kc_sum}" ]]; then
      log "batch controller already running (pid $(<"${dir}/pid"))"
      return 0
    fi
    log "batch controller (pid $(<"${dir}/pid")) was started for another control plane: restarting it"
    stop_pid "${dir}" "${bin}"
  fi
  : >"${dir}/log"
  HOME="${REF_RUN_DIR}/home" setsid "${bin}" --qps "${QPS}" --burst "${BURST}" >>"${dir}/log" 2>&1 </dev/null 8>&- &
  echo "$!" >"${dir}/pid"
  echo "${kc_sum}" >"${dir}/kubeconfig.sha256"
  log "started the RadixBatch controller (pid $!, ${QPS} qps / burst ${BURST}, log ${dir}/log)"
  wait_until "batch controller caches synced" 60 grep -q 'Starting workers' "${dir}/log"
}

start_instance() {
  local dir="${REF_INSTANCE_DIR}" bin="${REF_BIN_DIR}/job-scheduler" port ns app
  mkdir -p "${dir}"
  if ref_pid_alive "${dir}/pid" "${bin}" && [[ -f "${dir}/reference.env" ]]; then
    # shellcheck source=/dev/null
    port=$(source "${dir}/reference.env" && echo "${JOBSIM_REFERENCE_PORT}")
    if curl -sf --max-time 5 "http://127.0.0.1:${port}/api/v1/jobs" >/dev/null; then
      log "reference instance ${REF_INSTANCE} already up on port ${port}"
      echo "http://127.0.0.1:${port}"
      return 0
    fi
    kill "$(<"${dir}/pid")" 2>/dev/null || true
  fi

  if [[ -n "${JOBSIM_REFERENCE_PORT:-}" ]]; then
    port=${JOBSIM_REFERENCE_PORT}
    port_busy "${port}" && die "port ${port} (JOBSIM_REFERENCE_PORT) is in use"
  else
    port=${REF_DEFAULT_PORT}
    [[ "${REF_INSTANCE}" == dev ]] || port=$((port + 1))
    while port_busy "${port}"; do port=$((port + 1)); done
  fi

  local webhook_args=()
  [[ -n "${JOBSIM_REFERENCE_WEBHOOK+set}" ]] && webhook_args=(--webhook "${JOBSIM_REFERENCE_WEBHOOK}")
  (cd "${REF_REPO_DIR}" && node --import tsx scripts/reference/manifests.ts --config "${REF_CONFIG}" \
    --environment "${REF_CONFIG_ENVIRONMENT}" --instance "${REF_INSTANCE}" --component "${REF_COMPONENT}" \
    --port "${port}" "${webhook_args[@]}") >"${dir}/manifests.json"
  app=$(node -e 'const l=JSON.parse(require("fs").readFileSync(process.argv[1]));process.stdout.write(l.items[0].metadata.name)' "${dir}/manifests.json")
  ns="${app}-${REF_INSTANCE}"
  kubectl_ apply -f "${dir}/manifests.json" >&2
  wait_until "ServiceAccount default in ${ns}" 60 kubectl_ -n "${ns}" get serviceaccount default

  : >"${dir}/log"
  HOME="${REF_RUN_DIR}/home" RADIX_APP="${app}" RADIX_ENVIRONMENT="${REF_INSTANCE}" \
    RADIX_COMPONENT="${REF_COMPONENT}" RADIX_DEPLOYMENT="${REF_INSTANCE}-reference" LOG_LEVEL="${JOBSIM_REFERENCE_LOG_LEVEL:-info}" \
    setsid "${bin}" >>"${dir}/log" 2>&1 </dev/null 8>&- &
  echo "$!" >"${dir}/pid"
  log "started the reference job-scheduler for ${REF_COMPONENT} in ${ns} (pid $!, port ${port}, log ${dir}/log)"
  wait_until "reference instance ${REF_INSTANCE} answering on port ${port}" "${TIMEOUT}" \
    curl -sf --max-time 5 "http://127.0.0.1:${port}/api/v1/jobs"

  cat >"${dir}/reference.env" <<ENV
# written by scripts/reference/up.sh; source it to reach this reference instance
JOBSIM_REFERENCE_URL=http://127.0.0.1:${port}
JOBSIM_REFERENCE_PORT=${port}
JOBSIM_REFERENCE_INSTANCE=${REF_INSTANCE}
JOBSIM_REFERENCE_NAMESPACE=${ns}
JOBSIM_REFERENCE_APP=${app}
JOBSIM_REFERENCE_COMPONENT=${REF_COMPONENT}
JOBSIM_REFERENCE_CONFIG=${REF_CONFIG}
JOBSIM_REFERENCE_CONFIG_ENVIRONMENT=${REF_CONFIG_ENVIRONMENT}
JOBSIM_REFERENCE_VERSION=${JOBSIM_REFERENCE_VERSION}
KUBECONFIG=${KUBECONFIG_FILE}
ENV
  log "reference instance ${REF_INSTANCE} up in $(since): http://127.0.0.1:${port} (env in ${dir}/reference.env)"
  echo "http://127.0.0.1:${port}"
}

main "$@"
