#!/bin/sh
# The conformance workload: one attempt of the jobsim workload protocol (docs/api.md).
# Sleeps WORKLOAD_SECONDS (decimals allowed, default 5) and exits WORKLOAD_EXIT_CODE (default 0).
# WORKLOAD_EXIT_CODES (per attempt) needs an attempt counter a container does not have: only the
# simulator and kwok honour it. WORKLOAD_MEMORY: allocate that much so the kernel OOM-kills us
# above the limit (best effort: only Ki/Mi/Gi and plain byte counts).
set -u
trap 'exit 143' TERM INT

mem="${WORKLOAD_MEMORY:-0}"
case "$mem" in
  *Gi) kib=$(( ${mem%Gi} * 1024 * 1024 )) ;;
  *Mi) kib=$(( ${mem%Mi} * 1024 )) ;;
  *Ki) kib=${mem%Ki} ;;
  ''|*[!0-9]*) kib=0 ;;
  *) kib=$(( mem / 1024 )) ;;
esac
if [ "$kib" -gt 0 ]; then
  # Keep the allocation alive in a child for the run time: tail buffers its whole input.
  head -c "$(( kib * 1024 ))" /dev/zero | tail -c 1 >/dev/null &
fi

sleep "${WORKLOAD_SECONDS:-5}" &
wait $!
exit "${WORKLOAD_EXIT_CODE:-0}"
