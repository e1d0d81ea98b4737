#!/usr/bin/env bash
# Start a local Kubernetes control plane on 127.0.0.1 (no Docker, no kubelet):
#   etcd, kube-apiserver, kube-controller-manager (Job, CronJob, TTL-after-finished, GC, ...),
#   kube-scheduler and kwok (fake kubelet, driven by deploy/kwok/stages/*.yaml),
# plus fake kwok Nodes. Binaries come from scripts/cluster/build.sh (built on first use).
#
# State (PKI, kubeconfig, data, logs, pids): ${JOBSIM_CLUSTER_DIR:-$HOME/.cache/jobsim/cluster}
# Prints the kubeconfig path as the last line on stdout (everything else goes to stderr):
#   export KUBECONFIG=$(scripts/cluster/up.sh)
# Idempotent: if the cluster is already up, says so and exits 0. Stop it with down.sh.
#
# Environment (all optional):
#   JOBSIM_APISERVER_PORT  apiserver port (default 6443; if unset and 6443 is taken, a free one)
#   JOBSIM_ETCD_PORT, JOBSIM_ETCD_PEER_PORT, JOBSIM_KCM_PORT, JOBSIM_SCHEDULER_PORT
#                          other ports (defaults 2379, 2380, 10257, 10259; same fallback rule)
#   JOBSIM_NODES           number of fake nodes (3); JOBSIM_NODE_CPU (4); JOBSIM_NODE_MEMORY (16Gi)
#   JOBSIM_NODE_PODS       pods per node (110)
#   JOBSIM_NODE_LABELS     extra node labels, comma-separated k=v
#                          (default node.kubernetes.io/instance-type=kwok-4cpu-16gi,jobsim.local/node-type=standard)
#   JOBSIM_KCM_CONTROLLERS controller list for kube-controller-manager (see below)
#   JOBSIM_KCM_QPS, JOBSIM_KCM_BURST
#                          kube-controller-manager's client rate (100/200; its own default of 20/30
#                          throttles the Job controller: ~3 writes a Job, pod creation included)
#   JOBSIM_UP_TIMEOUT      seconds to wait for readiness (120)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "${SCRIPT_DIR}/../.." && pwd)
# shellcheck source=lib.sh
source "${SCRIPT_DIR}/lib.sh"

STATE="${JOBSIM_CLUSTER_DIR}"
PKI="${STATE}/pki"
LOGS="${STATE}/logs"
PIDS="${STATE}/pids"
MARKER="${STATE}/.jobsim-cluster"
STAGES_DIR="${REPO_DIR}/deploy/kwok/stages"
TIMEOUT=${JOBSIM_UP_TIMEOUT:-120}
NODES=${JOBSIM_NODES:-3}
NODE_CPU=${JOBSIM_NODE_CPU:-4}
NODE_MEMORY=${JOBSIM_NODE_MEMORY:-16Gi}
NODE_PODS=${JOBSIM_NODE_PODS:-110}
NODE_LABELS=${JOBSIM_NODE_LABELS:-node.kubernetes.io/instance-type=kwok-${NODE_CPU}cpu-${NODE_MEMORY,,},jobsim.local/node-type=standard}
KCM_CONTROLLERS=${JOBSIM_KCM_CONTROLLERS:-job-controller,cronjob-controller,ttl-after-finished-controller,garbage-collector-controller,pod-garbage-collector-controller,namespace-controller,serviceaccount-controller,root-ca-certificate-publisher-controller,resourcequota-controller,node-lifecycle-controller}
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

T0=$(date +%s)
since() { printf '%ss' "$(($(date +%s) - T0))"; }

# ---- prerequisites ------------------------------------------------------------------------

ensure_tools() {
  local missing=() t
  for t in openssl curl; do
    command -v "${t}" >/dev/null || missing+=("${t}")
  done
  ((${#missing[@]} == 0)) && return 0
  log "installing missing tools with apt-get: ${missing[*]}"
  local sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null || die "need ${missing[*]} and not root (no sudo): install them first"
    sudo=(sudo)
  fi
  command -v apt-get >/dev/null || die "need ${missing[*]} and apt-get is not available"
  "${sudo[@]}" apt-get update -qq >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" ca-certificates >&2
}

# port_busy PORT: true if something listens on 127.0.0.1:PORT
port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pick_port VAR NAME DEFAULT EXPLICIT: set VAR to EXPLICIT (must be free), or to DEFAULT, or to
# the next free port after it.
TAKEN_PORTS=""
pick_port() {
  local var=$1 name=$2 default=$3 explicit=$4 p
  if [[ -n "${explicit}" ]]; then
    port_busy "${explicit}" && die "${name} port ${explicit} (set by env) is already in use on 127.0.0.1"
    p=${explicit}
  else
    for ((p = default; p < default + 200; p++)); do
      if ! port_busy "${p}" && [[ " ${TAKEN_PORTS} " != *" ${p} "* ]]; then
        break
      fi
    done
    ((p < default + 200)) || die "no free port for ${name} in ${default}-$((default + 199))"
  fi
  TAKEN_PORTS+=" ${p}"
  printf -v "${var}" '%s' "${p}"
}

# ---- state ---------------------------------------------------------------------------------

pid_alive() { # pid_alive COMPONENT: its recorded process runs and is the binary we started
  local f="${PIDS}/$1.pid" pid exe
  [[ -s "${f}" ]] || return 1
  pid=$(<"${f}")
  [[ -d "/proc/${pid}" ]] || return 1
  exe=$(readlink "/proc/${pid}/exe" 2>/dev/null || true)
  [[ "${exe}" == "${JOBSIM_BIN_DIR}/$1" || "${exe}" == "${JOBSIM_BIN_DIR}/$1 (deleted)" ]]
}

kubectl_() { "${JOBSIM_BIN_DIR}/kubectl" --kubeconfig "${STATE}/kubeconfig" "$@"; }

apiserver_ready() {
  curl -sf --max-time 3 --cacert "${PKI}/ca.crt" --cert "${PKI}/admin.crt" --key "${PKI}/admin.key" \
    "https://127.0.0.1:${APISERVER_PORT}/readyz" >/dev/null 2>&1
}

already_up() {
  [[ -f "${MARKER}" && -f "${STATE}/cluster.env" ]] || return 1
  local c
  for c in "${COMPONENTS[@]}"; do
    pid_alive "${c}" || return 1
  done
  # shellcheck source=/dev/null
  APISERVER_PORT=$(source "${STATE}/cluster.env" && echo "${JOBSIM_APISERVER_PORT}")
  apiserver_ready
}

# ---- PKI -------------------------------------------------------------------------------------

gen_pki() {
  mkdir -p "${PKI}"
  chmod 700 "${PKI}"
  # EC P-256 keys: quick to generate (RSA 2048 took seconds on a busy 2-core machine)
  local o=(-sha256 -days 3650) ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1)
  openssl req -x509 "${ec[@]}" -nodes "${o[@]}" -subj "/CN=jobsim-local-ca" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -keyout "${PKI}/ca.key" -out "${PKI}/ca.crt" 2>/dev/null
  # sign NAME SUBJECT EXTENSIONS
  sign() {
    openssl req "${ec[@]}" -nodes -subj "$2" -keyout "${PKI}/$1.key" -out "${PKI}/$1.csr" 2>/dev/null
    printf '%s\n' "$3" >"${PKI}/$1.ext"
    openssl x509 -req -in "${PKI}/$1.csr" -CA "${PKI}/ca.crt" -CAkey "${PKI}/ca.key" -CAcreateserial \
      "${o[@]}" -extfile "${PKI}/$1.ext" -out "${PKI}/$1.crt" 2>/dev/null
    rm -f "${PKI}/$1.csr"
  }
  sign apiserver "/CN=kube-apiserver" "$(printf '%s\n' \
    "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" \
    "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.96.0.1")"
  # admin: group system:masters (cluster-admin); used by every component and by tests
  sign admin "/O=system:masters/CN=jobsim-admin" "$(printf '%s\n' \
    "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature" "extendedKeyUsage=clientAuth")"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "${PKI}/sa.key" 2>/dev/null
  openssl pkey -in "${PKI}/sa.key" -pubout -out "${PKI}/sa.pub" 2>/dev/null
  chmod 600 "${PKI}"/*.key
}

write_kubeconfig() {
  local b64='base64 -w0'
  cat >"${STATE}/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: jobsim-local
  cluster:
    server: https://127.0.0.1:${APISERVER_PORT}
    certificate-authority-data: $(${b64} <"${PKI}/ca.crt")
users:
- name: jobsim-admin
  user:
    client-certificate-data: $(${b64} <"${PKI}/admin.crt")
    client-key-data: $(${b64} <"${PKI}/admin.key")
contexts:
- name: jobsim-local
  context:
    cluster: jobsim-local
    user: jobsim-admin
    namespace: default
current-context: jobsim-local
EOF
  chmod 600 "${STATE}/kubeconfig"
  printf '%s\n' "${STATE}/kubeconfig" >"${STATE}/kubeconfig.path"
  cat >"${STATE}/cluster.env" <<EOF
# written by scripts/cluster/up.sh; source it to talk to the local cluster
KUBECONFIG=${STATE}/kubeconfig
JOBSIM_CLUSTER_DIR=${STATE}
JOBSIM_BIN_DIR=${JOBSIM_BIN_DIR}
JOBSIM_APISERVER_URL=https://127.0.0.1:${APISERVER_PORT}
JOBSIM_APISERVER_PORT=${APISERVER_PORT}
JOBSIM_ETCD_PORT=${ETCD_PORT}
JOBSIM_ETCD_PEER_PORT=${ETCD_PEER_PORT}
JOBSIM_KCM_PORT=${KCM_PORT}
JOBSIM_SCHEDULER_PORT=${SCHEDULER_PORT}
EOF
}

# ---- processes -----------------------------------------------------------------------------

# start NAME ARGS...: run JOBSIM_BIN_DIR/NAME in its own session, log to logs/NAME.log
start() {
  local name=$1
  shift
  printf '%q ' "${JOBSIM_BIN_DIR}/${name}" "$@" >"${LOGS}/${name}.cmd"
  # 8>&-: the daemon must not inherit (and so hold) up.sh's lock
  setsid "${JOBSIM_BIN_DIR}/${name}" "$@" >>"${LOGS}/${name}.log" 2>&1 </dev/null 8>&- &
  echo "$!" >"${PIDS}/${name}.pid"
  log "started ${name} (pid $!, log ${LOGS}/${name}.log)"
}

# wait_for WHAT CMD...: poll CMD until it succeeds or TIMEOUT; fail with the logs' tails
wait_for() {
  local what=$1 deadline c
  shift
  deadline=$(($(date +%s) + TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    for c in "${COMPONENTS[@]}"; do
      if [[ -f "${PIDS}/${c}.pid" ]] && ! pid_alive "${c}"; then
        log "${c} exited; last log lines:"
        tail -n 30 "${LOGS}/${c}.log" >&2 || true
        die "${c} died while waiting for ${what} (state kept in ${STATE}; run down.sh to clean up)"
      fi
    done
    if (($(date +%s) >= deadline)); then
      die "timed out after ${TIMEOUT}s waiting for ${what} (logs in ${LOGS}; run down.sh to clean up)"
    fi
    sleep 0.5
  done
  log "${what}: ok ($(since))"
}

component_healthy() { # component_healthy PORT: /healthz of KCM or scheduler (self-signed)
  curl -skf --max-time 2 "https://127.0.0.1:$1/healthz" >/dev/null 2>&1
}

nodes_ready() {
  local n
  n=$(kubectl_ get nodes -l type=kwok \
    -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' 2>/dev/null |
    grep -c '^True$' || true)
  ((n >= NODES))
}

untainted() { # the node-lifecycle controller removed the not-ready taints of admission
  ! kubectl_ get nodes -l type=kwok -o jsonpath='{.items[*].spec.taints[*].key}' 2>/dev/null |
    grep -q 'node.kubernetes.io/not-ready'
}

default_sa() { kubectl_ -n default get serviceaccount default >/dev/null 2>&1; }

create_nodes() {
  local i labels="" kv file="${STATE}/nodes.yaml"
  IFS=',' read -r -a kvs <<<"${NODE_LABELS}"
  for kv in "${kvs[@]}"; do
    [[ -n "${kv}" ]] && labels+="      ${kv%%=*}: \"${kv#*=}\""$'\n'
  done
  : >"${file}"
  for ((i = 0; i < NODES; i++)); do
    cat >>"${file}" <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-${i}
  annotations:
    kwok.x-k8s.io/node: fake
  labels:
      type: kwok
      kubernetes.io/arch: amd64
      kubernetes.io/os: linux
      kubernetes.io/hostname: kwok-node-${i}
${labels}spec: {}
status:
  capacity: {cpu: "${NODE_CPU}", memory: "${NODE_MEMORY}", pods: "${NODE_PODS}", ephemeral-storage: 100Gi}
  allocatable: {cpu: "${NODE_CPU}", memory: "${NODE_MEMORY}", pods: "${NODE_PODS}", ephemeral-storage: 100Gi}
  nodeInfo:
    architecture: amd64
    operatingSystem: linux
    kubeletVersion: v${JOBSIM_K8S_VERSION}
EOF
  done
  kubectl_ apply -f "${file}" >&2
}

main() {
  ensure_tools
  "${SCRIPT_DIR}/build.sh" >/dev/null

  # one up.sh at a time for a state dir
  mkdir -p "$(dirname "${STATE}")"
  exec 8>"${STATE}.lock"
  flock 8

  if already_up; then
    log "cluster already up (apiserver https://127.0.0.1:${APISERVER_PORT}, state ${STATE})"
    echo "${STATE}/kubeconfig"
    return 0
  fi
  if [[ -e "${STATE}" ]]; then
    log "found a stale or partial cluster in ${STATE}: cleaning it up first"
    "${SCRIPT_DIR}/down.sh"
  fi

  pick_port APISERVER_PORT apiserver 6443 "${JOBSIM_APISERVER_PORT:-}"
  pick_port ETCD_PORT etcd 2379 "${JOBSIM_ETCD_PORT:-}"
  pick_port ETCD_PEER_PORT etcd-peer "$((ETCD_PORT + 1))" "${JOBSIM_ETCD_PEER_PORT:-}"
  pick_port KCM_PORT kube-controller-manager 10257 "${JOBSIM_KCM_PORT:-}"
  pick_port SCHEDULER_PORT kube-scheduler 10259 "${JOBSIM_SCHEDULER_PORT:-}"

  mkdir -p "${STATE}" "${LOGS}" "${PIDS}"
  touch "${MARKER}"
  mkdir -p "${STATE}/etcd"
  chmod 700 "${STATE}/etcd" # etcd insists on a 0700 data dir
  log "state dir ${STATE}; ports: apiserver ${APISERVER_PORT}, etcd ${ETCD_PORT}/${ETCD_PEER_PORT}, kcm ${KCM_PORT}, scheduler ${SCHEDULER_PORT}"
  gen_pki
  write_kubeconfig
  ulimit -n 65536 2>/dev/null || true

  local etcd_url="http://127.0.0.1:${ETCD_PORT}" peer_url="http://127.0.0.1:${ETCD_PEER_PORT}"
  start etcd --name=jobsim --data-dir="${STATE}/etcd" \
    --listen-client-urls="${etcd_url}" --advertise-client-urls="${etcd_url}" \
    --listen-peer-urls="${peer_url}" --initial-advertise-peer-urls="${peer_url}" \
    --initial-cluster="jobsim=${peer_url}" --initial-cluster-state=new \
    --auto-compaction-retention=1 --quota-backend-bytes=8589934592 \
    --log-level=warn --unsafe-no-fsync
  wait_for "etcd health" curl -sf --max-time 2 "${etcd_url}/health"

  start kube-apiserver \
    --etcd-servers="${etcd_url}" --etcd-prefix=/registry \
    --bind-address=127.0.0.1 --secure-port="${APISERVER_PORT}" \
    --cert-dir="${PKI}" --tls-cert-file="${PKI}/apiserver.crt" --tls-private-key-file="${PKI}/apiserver.key" \
    --client-ca-file="${PKI}/ca.crt" --authorization-mode=Node,RBAC \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="${PKI}/sa.pub" --service-account-signing-key-file="${PKI}/sa.key" \
    --service-cluster-ip-range=10.96.0.0/16 \
    --allow-privileged=true --enable-priority-and-fairness=false --profiling=false \
    --v=1
  wait_for "kube-apiserver /readyz" apiserver_ready

  local kc="${STATE}/kubeconfig"
  start kube-controller-manager --kubeconfig="${kc}" \
    --authentication-kubeconfig="${kc}" --authorization-kubeconfig="${kc}" \
    --leader-elect=false --bind-address=127.0.0.1 --secure-port="${KCM_PORT}" --cert-dir="${PKI}/kcm" \
    --controllers="${KCM_CONTROLLERS}" \
    --kube-api-qps="${JOBSIM_KCM_QPS:-100}" --kube-api-burst="${JOBSIM_KCM_BURST:-200}" \
    --service-account-private-key-file="${PKI}/sa.key" --root-ca-file="${PKI}/ca.crt" \
    --profiling=false --v=1
  start kube-scheduler --kubeconfig="${kc}" \
    --authentication-kubeconfig="${kc}" --authorization-kubeconfig="${kc}" \
    --leader-elect=false --bind-address=127.0.0.1 --secure-port="${SCHEDULER_PORT}" --cert-dir="${PKI}/scheduler" \
    --profiling=false --v=1

  # kwok: fake kubelet for Nodes annotated kwok.x-k8s.io/node=fake. Node stages are kwok's own
  # (from its module, copied by build.sh); pod stages are ours. No HTTP server is opened.
  # --node-ip=127.0.0.1: node addresses are loopback, so any kubelet-bound request
  # (logs/exec/port-forward) goes nowhere but 127.0.0.1.
  local stage_args=() f
  for f in "${JOBSIM_K8S_DIR}/kwok-stages/"*.yaml "${STAGES_DIR}/"*.yaml; do
    stage_args+=("--config=${f}")
  done
  start kwok --kubeconfig="${kc}" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --cidr=10.244.0.0/16 --node-ip=127.0.0.1 --node-lease-duration-seconds=40 \
    "${stage_args[@]}"

  wait_for "kube-controller-manager /healthz" component_healthy "${KCM_PORT}"
  wait_for "kube-scheduler /healthz" component_healthy "${SCHEDULER_PORT}"
  create_nodes
  wait_for "${NODES} kwok nodes Ready" nodes_ready
  wait_for "node not-ready taints removed" untainted
  wait_for "default ServiceAccount" default_sa

  log "cluster up in $(since): kubeconfig ${STATE}/kubeconfig (also in ${STATE}/kubeconfig.path; env in ${STATE}/cluster.env)"
  echo "${STATE}/kubeconfig"
}

main "$@"
