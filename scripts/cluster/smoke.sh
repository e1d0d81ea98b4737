#!/usr/bin/env bash
# Smoke test of the local control plane and of the kwok workload stages, against a RUNNING
# cluster (start it with scripts/cluster/up.sh; this script starts nothing).
# Applies the Jobs in test/cluster/fixtures/ into a fresh namespace and checks their outcomes.
# Exits non-zero on any mismatch. Takes about a minute (the Job controller's retry back-off
# of 10 s, 20 s dominates).
#
# Environment: KUBECONFIG (default: the one up.sh wrote), JOBSIM_SMOKE_KEEP=1 keeps the namespace.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "${SCRIPT_DIR}/../.." && pwd)
# shellcheck source=lib.sh
source "${SCRIPT_DIR}/lib.sh"

FIXTURES="${REPO_DIR}/test/cluster/fixtures"
if [[ -z "${KUBECONFIG:-}" ]]; then
  [[ -s "${JOBSIM_CLUSTER_DIR}/kubeconfig.path" ]] ||
    die "no KUBECONFIG and no ${JOBSIM_CLUSTER_DIR}/kubeconfig.path: is the cluster up (scripts/cluster/up.sh)?"
  KUBECONFIG=$(<"${JOBSIM_CLUSTER_DIR}/kubeconfig.path")
fi
export KUBECONFIG
KUBECTL="${JOBSIM_BIN_DIR}/kubectl"
[[ -x "${KUBECTL}" ]] || KUBECTL=$(command -v kubectl) || die "kubectl not found (run scripts/cluster/build.sh)"
NS="jobsim-smoke-$(date +%s)-$$"

PASSED=0
FAILED=0
k() { "${KUBECTL}" -n "${NS}" "$@"; }
now() { date +%s.%N; }
ok() {
  PASSED=$((PASSED + 1))
  log "ok   $*"
}
bad() {
  FAILED=$((FAILED + 1))
  log "FAIL $*"
}
# expect DESC GOT WANT
expect() {
  if [[ "$2" == "$3" ]]; then ok "$1: $2"; else bad "$1: got '$2', want '$3'"; fi
}
# expect_between DESC VALUE MIN MAX (decimals allowed)
expect_between() {
  if awk -v v="$2" -v lo="$3" -v hi="$4" 'BEGIN { exit !(v >= lo && v <= hi) }'; then
    ok "$1: $2 (expected ${3}..${4})"
  else
    bad "$1: got $2, want ${3}..${4}"
  fi
}
# wait_until TIMEOUT CMD...: poll CMD every 0.2 s; false on timeout
wait_until() {
  local deadline
  deadline=$(awk -v t="$(now)" -v d="$1" 'BEGIN { printf "%d", t + d }')
  shift
  until "$@" >/dev/null 2>&1; do
    (($(date +%s) < deadline)) || return 1
    sleep 0.2
  done
}
job_cond() { # job_cond JOB TYPE -> status of that condition ("" if absent)
  k get job "$1" -o jsonpath="{.status.conditions[?(@.type==\"$2\")].status}" 2>/dev/null
}
job_reason() { k get job "$1" -o jsonpath="{.status.conditions[?(@.type==\"$2\")].reason}"; }
job_finished() { [[ "$(job_cond "$1" Complete)" == True || "$(job_cond "$1" Failed)" == True ]]; }
pods_of() { # pods_of JOB JSONPATH-RANGE-BODY: one line per pod, oldest first
  k get pods -l "job-name=$1" --sort-by=.metadata.creationTimestamp \
    -o jsonpath="{range .items[*]}$2{\"\\n\"}{end}"
}
secs_between() { # secs_between RFC3339 RFC3339
  echo $(($(date -d "$2" +%s) - $(date -d "$1" +%s)))
}
# wait_job JOB TIMEOUT WANT(Complete|Failed): wait for the end, check which one
wait_job() {
  if ! wait_until "$2" job_finished "$1"; then
    bad "job $1 did not finish within $2 s"
    k get job "$1" -o yaml >&2 || true
    k get pods -l "job-name=$1" -o wide >&2 || true
    return 1
  fi
  expect "job $1 condition $3" "$(job_cond "$1" "$3")" True
}

cleanup() {
  if [[ "${JOBSIM_SMOKE_KEEP:-}" == 1 ]]; then
    log "keeping namespace ${NS}"
  else
    "${KUBECTL}" delete namespace "${NS}" --wait=false >/dev/null 2>&1 || true
  fi
}

main() {
  "${KUBECTL}" get --raw /readyz >/dev/null || die "apiserver not reachable with KUBECONFIG=${KUBECONFIG}"
  log "apiserver $("${KUBECTL}" version -o json | sed -n 's/.*"gitVersion": "\(v[^"]*\)".*/\1/p' | tail -n1); namespace ${NS}"
  "${KUBECTL}" create namespace "${NS}" >/dev/null
  trap cleanup EXIT
  # the ServiceAccount admission plugin rejects pods until the controller made "default"
  wait_until 30 k get serviceaccount default || die "no default ServiceAccount in ${NS}"

  local t_apply
  t_apply=$(now)
  k apply -f "${FIXTURES}" >&2

  # -- a long pod: Pending -> Running with startedAt and Ready, then deletion removes it --------
  local p
  if wait_until 30 bash -c "[[ \"\$('${KUBECTL}' -n '${NS}' get pods -l job-name=long-running -o jsonpath='{.items[0].status.phase}')\" == Running ]]"; then
    p=$(pods_of long-running '{.status.phase} {.status.conditions[?(@.type=="Ready")].status} {.status.containerStatuses[0].ready} {.status.containerStatuses[0].state.running.startedAt}')
    read -r phase ready cready started <<<"${p}"
    expect "long-running pod phase" "${phase}" Running
    expect "long-running pod Ready" "${ready}" True
    expect "long-running container ready" "${cready}" true
    if [[ -n "${started:-}" ]]; then
      ok "long-running container startedAt set (${started})"
    else
      bad "long-running container has no running.startedAt"
    fi
    expect "long-running spec.nodeName set by the scheduler" \
      "$(k get pods -l job-name=long-running -o jsonpath='{.items[0].spec.nodeName}' | grep -c '^kwok-node-')" 1
  else
    bad "long-running pod never reached Running"
  fi

  # -- WORKLOAD_SECONDS=2: Succeeded after ~2 s --------------------------------------------------
  if wait_job seconds-2 30 Complete; then
    local t_done
    t_done=$(now)
    p=$(pods_of seconds-2 '{.status.phase} {.status.containerStatuses[0].state.terminated.reason} {.status.containerStatuses[0].state.terminated.exitCode} {.status.containerStatuses[0].state.terminated.startedAt} {.status.containerStatuses[0].state.terminated.finishedAt}')
    read -r phase reason code started finished <<<"${p}"
    expect "seconds-2 pod phase" "${phase}" Succeeded
    expect "seconds-2 terminated reason" "${reason}" Completed
    expect "seconds-2 exit code" "${code}" 0
    expect_between "seconds-2 container run time (finishedAt-startedAt, 1 s resolution)" \
      "$(secs_between "${started}" "${finished}")" 1 3
    expect_between "seconds-2 wall time from apply to Complete observed" \
      "$(awk -v a="${t_apply}" -v b="${t_done}" 'BEGIN { printf "%.1f", b - a }')" 2 8
  fi

  # -- backoffLimit 2 + WORKLOAD_EXIT_CODE=3: 3 pods exit 3, BackoffLimitExceeded ----------------
  if wait_job exit-code-3 120 Failed; then
    expect "exit-code-3 Failed reason" "$(job_reason exit-code-3 Failed)" BackoffLimitExceeded
    expect "exit-code-3 status.failed" "$(k get job exit-code-3 -o jsonpath='{.status.failed}')" 3
    expect "exit-code-3 pods (phase reason exitCode)" \
      "$(pods_of exit-code-3 '{.status.phase} {.status.containerStatuses[0].state.terminated.reason} {.status.containerStatuses[0].state.terminated.exitCode}' | tr '\n' ';')" \
      "Failed Error 3;Failed Error 3;Failed Error 3;"
  fi

  # -- activeDeadlineSeconds 2 on the pod, WORKLOAD_SECONDS=60 -----------------------------------
  if wait_job deadline 30 Failed; then
    expect "deadline Failed reason" "$(job_reason deadline Failed)" BackoffLimitExceeded
    p=$(pods_of deadline '{.status.phase} {.status.reason} {.status.containerStatuses[0].state.terminated.exitCode} {.status.startTime} {.status.containerStatuses[0].state.terminated.finishedAt}')
    read -r phase reason code started finished <<<"${p}"
    expect "deadline pod phase" "${phase}" Failed
    expect "deadline pod status.reason" "${reason}" DeadlineExceeded
    expect "deadline container exit code" "${code}" 137
    expect_between "deadline pod killed after (finishedAt - status.startTime)" "$(secs_between "${started}" "${finished}")" 2 3
  fi

  # -- WORKLOAD_MEMORY above / below limits.memory -----------------------------------------------
  if wait_job oom 30 Failed; then
    expect "oom container (reason exitCode)" \
      "$(pods_of oom '{.status.containerStatuses[0].state.terminated.reason} {.status.containerStatuses[0].state.terminated.exitCode}')" "OOMKilled 137"
  fi
  wait_job fit-memory 30 Complete || true

  # -- podFailurePolicy FailJob on exit code 42 --------------------------------------------------
  if wait_job pod-failure-policy 30 Failed; then
    expect "pod-failure-policy Failed reason" "$(job_reason pod-failure-policy Failed)" PodFailurePolicy
  fi

  # -- WORKLOAD_EXIT_CODES per attempt (where the pod can know its attempt number) ---------------
  if wait_job indexed-exit-codes 120 Complete; then
    expect "indexed-exit-codes attempts' exit codes (backoffLimitPerIndex)" \
      "$(pods_of indexed-exit-codes '{.status.containerStatuses[0].state.terminated.exitCode}' | tr '\n' ' ')" "5 6 0 "
  fi
  if wait_job onfailure-exit-codes 60 Complete; then
    expect "onfailure-exit-codes (restartCount lastState.exitCode exitCode)" \
      "$(pods_of onfailure-exit-codes '{.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].lastState.terminated.exitCode} {.status.containerStatuses[0].state.terminated.exitCode}')" "1 7 0"
  fi

  # -- ttlSecondsAfterFinished: 1 -> the Job is deleted by the TTL controller -------------------
  # (it finished long ago by now: only its deletion is observable)
  if wait_until 30 bash -c "! '${KUBECTL}' -n '${NS}' get job ttl"; then
    ok "ttl job deleted by the ttl-after-finished controller"
  else
    bad "ttl job still exists: $(k get job ttl -o jsonpath='{.status.conditions[*].type}' 2>&1)"
  fi

  # -- deleting a Job (background propagation) removes its running pods -------------------------
  k delete job long-running --cascade=background >/dev/null
  if wait_until 30 bash -c "[[ -z \"\$('${KUBECTL}' -n '${NS}' get pods -l job-name=long-running -o name)\" ]]"; then
    ok "long-running Job deleted: its pod is gone (no Terminating leftovers)"
  else
    bad "long-running pods left after deleting the Job: $(k get pods -l job-name=long-running --no-headers 2>&1 | tr '\n' ';')"
  fi

  log "smoke: ${PASSED} passed, ${FAILED} failed ($(awk -v a="${t_apply}" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }') s)"
  echo "${PASSED} passed, ${FAILED} failed"
  ((FAILED == 0))
}

main "$@"
