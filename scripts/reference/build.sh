#!/usr/bin/env bash
# Build the reference (radix-operator v1.126.1) as a test oracle, outside the repo:
#   job-scheduler     the reference's Job Manager API server (its own main, unchanged)
#   batch-controller  the reference's RadixBatch controller, wired by batch-controller/main.go
# from the reference's source tarball plus the Go module proxy, into
#   ${JOBSIM_CACHE_DIR:-~/.cache/jobsim}/reference-v<version>-<hash of our main>/bin
# Go's module and build caches are shared with scripts/cluster/build.sh. Idempotent: when both
# binaries exist it does nothing (0.1 s). Exit status 3: the source tarball was not found (callers
# skip the reference with that reason).
#
# Usage: scripts/reference/build.sh [--print-bin-dir] [--force]
set -euo pipefail

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

FORCE=false
for arg in "$@"; do
  case "${arg}" in
    --print-bin-dir) echo "${REF_BIN_DIR}"; exit 0 ;;
    --force) FORCE=true ;;
    -h | --help) sed -n '2,13p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument: ${arg}" ;;
  esac
done

built() { [[ -x "${REF_BIN_DIR}/job-scheduler" && -x "${REF_BIN_DIR}/batch-controller" ]]; }

if [[ "${FORCE}" == false ]] && built; then
  log "reference v${JOBSIM_REFERENCE_VERSION} already built: ${REF_BIN_DIR}"
  exit 0
fi

mkdir -p "${REF_BUILD_DIR}"
exec 9>"${REF_BUILD_DIR}.lock"
flock 9
if [[ "${FORCE}" == false ]] && built; then
  log "reference built by a concurrent run: ${REF_BIN_DIR}"
  exit 0
fi

command -v go >/dev/null || die "go not found in PATH (the reference needs Go >= 1.26)"
tarball=$(find_tarball) || {
  log "ERROR: the reference's source tarball ${REF_TARBALL_NAME} was not found; set JOBSIM_REFERENCE_TARBALL to its path"
  exit 3
}
# Keep a copy in the cache so later builds (and fresh clones) find it there.
[[ "${tarball}" == "${JOBSIM_CACHE_DIR}/${REF_TARBALL_NAME}" ]] || cp -f "${tarball}" "${JOBSIM_CACHE_DIR}/${REF_TARBALL_NAME}"

export GOTOOLCHAIN=local
export GOFLAGS="-mod=mod -modcacherw -buildvcs=false"
export GOPATH="${JOBSIM_CACHE_DIR}/go"
export GOMODCACHE="${JOBSIM_CACHE_DIR}/go/mod"
export GOCACHE="${JOBSIM_CACHE_DIR}/go/build"
export CGO_ENABLED=0 GOWORK=off
unset GOOS GOARCH

T0=$(date +%s)
SRC="${REF_BUILD_DIR}/src"
rm -rf "${SRC}"
mkdir -p "${SRC}" "${REF_BIN_DIR}"
tar -xzf "${tarball}" -C "${SRC}"
[[ -f "${SRC}/go.mod" ]] || die "unexpected tarball layout: no go.mod at its top (${tarball})"
# Our controller main is built inside the reference's module (it imports its internal packages).
mkdir -p "${SRC}/cmd/jobsim-batch-controller"
cp "${REF_MAIN}" "${SRC}/cmd/jobsim-batch-controller/main.go"

LOG="${REF_BUILD_DIR}/build.log"
log "building the reference v${JOBSIM_REFERENCE_VERSION} from ${tarball} (log: ${LOG})"
(
  cd "${SRC}"
  go version
  go mod download
  go build -trimpath -ldflags "-s -w" -o "${REF_BIN_DIR}/job-scheduler" ./job-scheduler
  go build -trimpath -ldflags "-s -w" -o "${REF_BIN_DIR}/batch-controller" ./cmd/jobsim-batch-controller
) >"${LOG}" 2>&1 || {
  tail -n 30 "${LOG}" >&2
  die "building the reference failed (log: ${LOG})"
}
# The chart's CRDs, which up.sh installs.
mkdir -p "${REF_BUILD_DIR}/crds"
cp "${SRC}"/charts/radix-operator/templates/radix[a-z]*.yaml "${REF_BUILD_DIR}/crds/"
printf 'built %s from %s with %s in %ss\n' "$(date -u +%FT%TZ)" "${tarball}" "$(go env GOVERSION)" "$(($(date +%s) - T0))" >"${REF_BUILD_DIR}/BUILD-INFO"
log "reference built in $(($(date +%s) - T0))s: ${REF_BIN_DIR}"
