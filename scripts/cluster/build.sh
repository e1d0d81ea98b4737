#!/usr/bin/env bash
# Build the local Kubernetes control plane from the Go module proxy, without Docker:
#   kube-apiserver, kube-controller-manager, kube-scheduler, kubectl (k8s.io/kubernetes),
#   etcd (go.etcd.io/etcd/server/v3) and the kwok controller (sigs.k8s.io/kwok).
#
# Output: ${JOBSIM_CACHE_DIR:-$HOME/.cache/jobsim}/k8s-<versions-key>/bin (outside the repo).
# Idempotent: a binary that exists and reports the expected version is not rebuilt.
# Go's module and build caches live under the same cache root, so a rebuild is cheap.
#
# Usage: scripts/cluster/build.sh [--print-bin-dir] [--force]
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "${SCRIPT_DIR}/lib.sh"

FORCE=false
for arg in "$@"; do
  case "${arg}" in
    --print-bin-dir) echo "${JOBSIM_BIN_DIR}"; exit 0 ;;
    --force) FORCE=true ;;
    -h | --help) sed -n '2,11p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument: ${arg}" ;;
  esac
done

SRC_DIR="${JOBSIM_K8S_DIR}/src"
LOG_DIR="${JOBSIM_K8S_DIR}/logs"
STAGE_DIR="${JOBSIM_K8S_DIR}/stage"

# Go environment: never switch toolchains, resolve modules as needed, keep all caches in the
# jobsim cache root (module cache writable so `rm -rf` works), static binaries.
export GOTOOLCHAIN=local
export GOFLAGS="-mod=mod -modcacherw -buildvcs=false"
export GOPATH="${JOBSIM_CACHE_DIR}/go"
export GOMODCACHE="${JOBSIM_CACHE_DIR}/go/mod"
export GOCACHE="${JOBSIM_CACHE_DIR}/go/build"
export CGO_ENABLED=0
unset GOOS GOARCH GOWORK
export GOWORK=off
# 2 cores here: one compile per core; linking the big binaries is the memory peak (~2-3 GB).
JOBS=${JOBSIM_BUILD_JOBS:-$(nproc 2>/dev/null || echo 2)}

elapsed() { # elapsed START_EPOCH -> "Ns"
  printf '%ss' "$(($(date +%s) - $1))"
}

missing_binaries() {
  local name
  for name in "$@"; do
    if [[ "${FORCE}" == true ]] || ! binary_ok "${name}"; then
      printf '%s\n' "${name}"
    fi
  done
}

check_go() {
  command -v go >/dev/null || die "go not found in PATH (need Go >= 1.26 for Kubernetes ${JOBSIM_K8S_VERSION})"
  local v
  v=$(go env GOVERSION)
  case "${v}" in
    go1.2[6-9]* | go1.[3-9][0-9]* | go[2-9]*) ;;
    *) die "Go ${v} is too old: Kubernetes ${JOBSIM_K8S_VERSION} and kwok ${JOBSIM_KWOK_VERSION} need go >= 1.26.0" ;;
  esac
  log "using ${v} ($(command -v go)), GOMODCACHE=${GOMODCACHE}, GOCACHE=${GOCACHE}, -p ${JOBS}"
}

# run_logged LOGFILE CMD...: run CMD with output to LOGFILE; on failure show its tail.
run_logged() {
  local logfile=$1
  shift
  printf '+ %s\n' "$*" >>"${logfile}"
  if ! "$@" >>"${logfile}" 2>&1; then
    log "FAILED: $* (log: ${logfile}); last lines:"
    tail -n 40 "${logfile}" >&2
    return 1
  fi
}

# ---- module resolution (network-bound: the three wrappers resolve in parallel) -------------

prepare_etcd() {
  local w="${SRC_DIR}/etcd" lg="${LOG_DIR}/etcd.log"
  mkdir -p "${w}"
  cd "${w}"
  [[ -f go.mod ]] || run_logged "${lg}" go mod init local/jobsim-etcd-bins
  # go.etcd.io/etcd/server/v3 has replace directives, so `go install ...@v` refuses it; as a
  # dependency of this wrapper its own requires pin matching api/client/pkg versions.
  run_logged "${lg}" go get -tool "go.etcd.io/etcd/server/v3@v${JOBSIM_ETCD_VERSION}"
  run_logged "${lg}" go mod tidy
  run_logged "${lg}" go list -deps go.etcd.io/etcd/server/v3 >/dev/null
}

prepare_kwok() {
  local w="${SRC_DIR}/kwok" lg="${LOG_DIR}/kwok.log"
  mkdir -p "${w}"
  cd "${w}"
  [[ -f go.mod ]] || run_logged "${lg}" go mod init local/jobsim-kwok-bins
  run_logged "${lg}" go get -tool "sigs.k8s.io/kwok/cmd/kwok@v${JOBSIM_KWOK_VERSION}"
  run_logged "${lg}" go mod tidy
  run_logged "${lg}" go list -deps sigs.k8s.io/kwok/cmd/kwok >/dev/null
}

K8S_CMDS=(kube-apiserver kube-controller-manager kube-scheduler kubectl)

prepare_k8s() {
  local w="${SRC_DIR}/k8s" lg="${LOG_DIR}/k8s.log" kmod m sv pkgs=()
  sv="0.${JOBSIM_K8S_VERSION#1.}"
  mkdir -p "${w}"
  cd "${w}"
  [[ -f go.mod ]] || run_logged "${lg}" go mod init local/jobsim-k8s-bins
  # k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with
  # ./staging/...; those replaces are ignored for a dependency, so this wrapper replaces every
  # staging module with its published v0.X.Y. The list is the replace block of the published
  # go.mod, so it is exact for this version.
  run_logged "${lg}" go mod download "k8s.io/kubernetes@v${JOBSIM_K8S_VERSION}"
  kmod="${GOMODCACHE}/cache/download/k8s.io/kubernetes/@v/v${JOBSIM_K8S_VERSION}.mod"
  [[ -s "${kmod}" ]] || { log "k8s.io/kubernetes go.mod not found at ${kmod}"; return 1; }
  local n=0
  while read -r m; do
    go mod edit -replace="${m}=${m}@v${sv}"
    n=$((n + 1))
  done < <(sed -n 's#^[[:space:]]*\(k8s\.io/[a-z0-9-]*\)[[:space:]]*=>[[:space:]]*\./staging/src/.*#\1#p' "${kmod}")
  ((n > 20)) || { log "found only ${n} staging replaces in ${kmod}"; return 1; }
  printf 'staging replaces: %s modules at v%s\n' "${n}" "${sv}" >>"${lg}"
  # dependencies' godebug lines are ignored: mirror upstream's runtime GODEBUG defaults.
  if ! grep -q '^godebug' go.mod; then
    grep '^godebug' "${kmod}" >>go.mod || true
  fi
  # pin every package query: a bare `go get pkg` means @upgrade and would pull the newest
  # k8s.io/kubernetes (v1.37+), which does not match the v0.36 staging replaces.
  for m in "${K8S_CMDS[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/${m}"); done
  run_logged "${lg}" go get -tool "${pkgs[@]/%/@v${JOBSIM_K8S_VERSION}}"
  run_logged "${lg}" go mod tidy
  local got
  got=$(go list -m -f '{{.Version}}' k8s.io/kubernetes)
  [[ "${got}" == "v${JOBSIM_K8S_VERSION}" ]] || { log "wrapper resolved k8s.io/kubernetes ${got}, want v${JOBSIM_K8S_VERSION}"; return 1; }
  run_logged "${lg}" go list -deps "${pkgs[@]}" >/dev/null
}

# ---- compiles (CPU-bound: one at a time, each using all cores) -----------------------------

install_from_stage() { # install_from_stage NAME...: move freshly built binaries into bin/
  local name
  for name in "$@"; do
    mv -f "${STAGE_DIR}/${name}" "${JOBSIM_BIN_DIR}/${name}"
  done
}

compile_etcd() {
  cd "${SRC_DIR}/etcd"
  run_logged "${LOG_DIR}/etcd.log" go build -p "${JOBS}" -trimpath -ldflags "-s -w" \
    -o "${STAGE_DIR}/etcd" go.etcd.io/etcd/server/v3
  install_from_stage etcd
}

compile_kwok() {
  cd "${SRC_DIR}/kwok"
  run_logged "${LOG_DIR}/kwok.log" go build -p "${JOBS}" -trimpath \
    -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=v${JOBSIM_KWOK_VERSION} -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=v${JOBSIM_K8S_VERSION}" \
    -o "${STAGE_DIR}/kwok" sigs.k8s.io/kwok/cmd/kwok
  install_from_stage kwok
}

compile_k8s() { # compile_k8s CMD...
  local minor bd v c pkgs=() m
  minor=$(cut -d. -f2 <<<"${JOBSIM_K8S_VERSION}")
  bd=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  v="-X k8s.io/component-base/version"
  c="-X k8s.io/client-go/pkg/version"
  # the same -X variables upstream's hack/lib/version.sh sets
  local ldf="-s -w"
  for p in "${v}" "${c}"; do
    ldf+=" ${p}.gitVersion=v${JOBSIM_K8S_VERSION} ${p}.gitMajor=1 ${p}.gitMinor=${minor}"
    ldf+=" ${p}.gitTreeState=clean ${p}.buildDate=${bd}"
  done
  for m in "$@"; do pkgs+=("k8s.io/kubernetes/cmd/${m}"); done
  cd "${SRC_DIR}/k8s"
  # one `go build` for all commands: they share most packages, compiled once.
  run_logged "${LOG_DIR}/k8s.log" go build -p "${JOBS}" -trimpath -ldflags "${ldf}" -o "${STAGE_DIR}/" "${pkgs[@]}"
  install_from_stage "$@"
}

# kwok's own node stages (not committed to the repo), taken from the kwok module source.
KWOK_NODE_STAGES=(kustomize/stage/node/fast/node-initialize.yaml
  kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml)

kwok_stages_ok() {
  local f
  for f in "${KWOK_NODE_STAGES[@]}"; do
    [[ -s "${JOBSIM_K8S_DIR}/kwok-stages/$(basename "${f}")" ]] || return 1
  done
}

copy_kwok_stages() {
  kwok_stages_ok && return 0
  local src f
  src=$(cd "${SRC_DIR}/kwok" 2>/dev/null && go list -m -f '{{.Dir}}' "sigs.k8s.io/kwok" 2>/dev/null) || src=""
  if [[ -z "${src}" || ! -d "${src}" ]]; then
    src=$(go mod download -json "sigs.k8s.io/kwok@v${JOBSIM_KWOK_VERSION}" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  fi
  [[ -d "${src}" ]] || die "kwok module source not found (for its node stages)"
  mkdir -p "${JOBSIM_K8S_DIR}/kwok-stages"
  for f in "${KWOK_NODE_STAGES[@]}"; do
    cp "${src}/${f}" "${JOBSIM_K8S_DIR}/kwok-stages/"
  done
  log "copied kwok node stages into ${JOBSIM_K8S_DIR}/kwok-stages"
}

main() {
  local t0 t mapfile_out=() todo_k8s=() need_etcd=false need_kwok=false name pids=() p rc=0
  t0=$(date +%s)
  mkdir -p "${JOBSIM_BIN_DIR}" "${LOG_DIR}" "${STAGE_DIR}" "${GOMODCACHE}" "${GOCACHE}"

  # one build at a time per cache root
  exec 9>"${JOBSIM_CACHE_DIR}/.build.lock"
  if ! flock -n 9; then
    log "another build holds ${JOBSIM_CACHE_DIR}/.build.lock; waiting"
    flock 9
  fi

  mapfile -t mapfile_out < <(missing_binaries "${JOBSIM_BINARIES[@]}")
  if ((${#mapfile_out[@]} == 0)); then
    copy_kwok_stages
    log "all binaries up to date in ${JOBSIM_BIN_DIR} ($(elapsed "${t0}"))"
    echo "${JOBSIM_BIN_DIR}"
    return 0
  fi
  log "building into ${JOBSIM_BIN_DIR}: ${mapfile_out[*]}"
  check_go
  for name in "${mapfile_out[@]}"; do
    case "${name}" in
      etcd) need_etcd=true ;;
      kwok) need_kwok=true ;;
      *) todo_k8s+=("${name}") ;;
    esac
  done

  t=$(date +%s)
  log "resolving and downloading modules (in parallel; logs in ${LOG_DIR})"
  if [[ "${need_etcd}" == true ]]; then (prepare_etcd) & pids+=($!); fi
  if [[ "${need_kwok}" == true ]]; then (prepare_kwok) & pids+=($!); fi
  if ((${#todo_k8s[@]} > 0)); then (prepare_k8s) & pids+=($!); fi
  for p in "${pids[@]}"; do
    wait "${p}" || rc=1
  done
  ((rc == 0)) || die "module resolution failed (see above)"
  log "modules ready ($(elapsed "${t}")); module cache: $(du -sh "${GOMODCACHE}" 2>/dev/null | cut -f1)"

  if [[ "${need_etcd}" == true ]]; then
    t=$(date +%s)
    log "compiling etcd v${JOBSIM_ETCD_VERSION}"
    compile_etcd
    log "etcd done ($(elapsed "${t}")): $("${JOBSIM_BIN_DIR}/etcd" --version | head -n1)"
  fi
  if [[ "${need_kwok}" == true ]]; then
    t=$(date +%s)
    log "compiling kwok v${JOBSIM_KWOK_VERSION}"
    compile_kwok
    log "kwok done ($(elapsed "${t}")): $("${JOBSIM_BIN_DIR}/kwok" --version 2>&1 | head -n1)"
  fi
  if ((${#todo_k8s[@]} > 0)); then
    t=$(date +%s)
    log "compiling Kubernetes v${JOBSIM_K8S_VERSION}: ${todo_k8s[*]} (the long step: ~20-30 min cold on 2 cores)"
    compile_k8s "${todo_k8s[@]}"
    log "Kubernetes done ($(elapsed "${t}"))"
  fi

  for name in "${JOBSIM_BINARIES[@]}"; do
    binary_ok "${name}" || die "${name} does not report $(expected_version "${name}") after the build"
  done
  copy_kwok_stages
  {
    echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(go env GOVERSION) $(go env GOOS)/$(go env GOARCH)"
    echo "kubernetes: v${JOBSIM_K8S_VERSION}; etcd: v${JOBSIM_ETCD_VERSION}; kwok: v${JOBSIM_KWOK_VERSION}"
    echo "last build run: $(elapsed "${t0}") (built: ${mapfile_out[*]})"
  } >"${JOBSIM_K8S_DIR}/BUILD-INFO"
  log "all binaries ready in ${JOBSIM_BIN_DIR} (total $(elapsed "${t0}"))"
  ls -lh "${JOBSIM_BIN_DIR}" >&2
  echo "${JOBSIM_BIN_DIR}"
}

main
