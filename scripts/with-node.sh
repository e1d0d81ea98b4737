#!/usr/bin/env bash
# Runs a command with another Node.js version first on PATH, to check jobsim on it:
#   scripts/with-node.sh 24 npm test
#   scripts/with-node.sh 22 node dist/src/cli/main.js simulate examples/scenarios/month.yaml --horizon 1d
# The Node binary comes from the npm registry (the node-<os>-<arch> package the `node` package
# installs from), unpacked into ${JOBSIM_NODE_DIR:-$HOME/.cache/jobsim/node}/<version>/, keyed by the
# exact version, and reused. Nothing is written into the repository.
# A clone's node_modules were installed by whichever npm ran `npm ci`; jobsim's dependencies are
# plain JavaScript, so they run unchanged on another Node.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: scripts/with-node.sh MAJOR|VERSION COMMAND [ARGS...]   (e.g. scripts/with-node.sh 24 npm test)" >&2
  exit 2
fi
want=$1
shift
if ! [[ $want =~ ^[0-9]+(\.[0-9]+){0,2}$ ]]; then
  echo "with-node.sh: $want is not a Node version (24, 22.23 or 24.22.3)" >&2
  exit 2
fi

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) echo "with-node.sh: no Node package for $(uname -s)" >&2; exit 2 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "with-node.sh: no Node package for $(uname -m)" >&2; exit 2 ;;
esac
package="node-${os}-${arch}"

# The newest version of the package matching what was asked.
if ! found=$(npm view "${package}@${want}" version --json 2>/dev/null); then
  echo "with-node.sh: the registry has no ${package}@${want} (or cannot be reached)" >&2
  exit 2
fi
version=$(printf '%s' "$found" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const v = s.trim() ? JSON.parse(s) : [];
    const all = (Array.isArray(v) ? v : [v]).filter((x) => /^\d+\.\d+\.\d+$/.test(x));
    const parts = (x) => x.split(".").map(Number);
    all.sort((a, b) => { const [p, q] = [parts(a), parts(b)]; return p[0] - q[0] || p[1] - q[1] || p[2] - q[2]; });
    if (all.length) console.log(all[all.length - 1]);
  });')
if [ -z "$version" ]; then
  echo "with-node.sh: the registry has no ${package}@${want}" >&2
  exit 2
fi

dir="${JOBSIM_NODE_DIR:-$HOME/.cache/jobsim/node}/${version}"
if [ ! -x "$dir/bin/node" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "with-node.sh: fetching ${package}@${version} into $dir" >&2
  (cd "$tmp" && npm pack --silent "${package}@${version}" >/dev/null)
  mkdir -p "$tmp/unpacked"
  tar xzf "$tmp"/*.tgz -C "$tmp/unpacked"
  mkdir -p "$(dirname "$dir")"
  rm -rf "$dir"
  mv "$tmp/unpacked/package" "$dir"
fi

export PATH="$dir/bin:$PATH"
echo "with-node.sh: $(node --version) ($dir/bin/node)" >&2
exec "$@"
