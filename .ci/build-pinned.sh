#!/usr/bin/env bash
# Builds the Prometheus and Alertmanager that compose pins (ops/compose/docker-compose.yml) from the Go module proxy,
# so the test suite runs the versions most users run. Test infrastructure only: users get official binaries.
#
#   .ci/build-pinned.sh            build what is missing, print where everything is
#
# Output: ${LIVEFEED_PINNED_DIR:-$HOME/.cache/livefeed-ops-test/pinned}/prometheus-<v>/{prometheus,promtool}
#         and .../alertmanager-<v>/{alertmanager,amtool}; each folder appears whole (built in a temp folder, renamed)
#         or not at all, so a folder that exists is a finished build.
# Stamped like the official builds (promu): -X github.com/prometheus/common/version.{Version,Revision,Branch,...},
# so `--version` says the pinned version. Built without the `builtinassets` tag: the module has no compiled web UI
# assets (they come from an npm build), and the tests use the HTTP API, not the UI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

compose=ops/compose/docker-compose.yml
pinned_dir="${LIVEFEED_PINNED_DIR:-$HOME/.cache/livefeed-ops-test/pinned}"

image_version() { # the tag compose pins for an image, without the leading v: image_version prom/prometheus
  local tag
  tag=$(sed -n "s|^[[:space:]]*image:[[:space:]]*$1:v\([0-9][0-9.]*\)[[:space:]]*$|\1|p" "$compose" | head -n 1)
  if [ -z "$tag" ]; then
    echo "build-pinned: no '$1:vX.Y.Z' image in $compose; pin one there" >&2
    exit 2
  fi
  echo "$tag"
}

# build <name> <module> <module version> <stamped version> <cmd>...
build() {
  local name=$1 module=$2 module_version=$3 version=$4; shift 4
  local dest="$pinned_dir/$name-$version"
  if [ -d "$dest" ]; then
    echo "build-pinned: $name $version already built in $dest"
    return
  fi
  command -v go >/dev/null 2>&1 || {
    echo "build-pinned: go not found, and $dest is missing; install Go 1.23 or newer (Debian 12's golang-go is too old)" >&2
    exit 1
  }
  local started=$SECONDS
  echo "build-pinned: building $name $version ($module@$module_version: $*) into $dest"
  mkdir -p "$pinned_dir"
  work=$(mktemp -d "$pinned_dir/.$name-$version.XXXXXX")   # global: the EXIT trap removes it on any failure

  # `go install module@version` refuses modules whose go.mod has replace directives (Prometheus's has),
  # so fetch the module source and build inside a writable copy of it.
  local info dir revision
  info=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "$module@$module_version")
  dir=$(printf '%s\n' "$info" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' | head -n 1)
  revision=$(printf '%s\n' "$info" | sed -n 's/^[[:space:]]*"Hash": "\([0-9a-f]*\)",\{0,1\}$/\1/p' | head -n 1)
  [ -n "$dir" ] || { echo "build-pinned: go mod download gave no folder for $module@$module_version" >&2; exit 1; }
  cp -r "$dir" "$work/src"
  chmod -R u+w "$work/src"

  # The proxy does not always say which commit a version is; then the module version stands for the revision.
  local stamp=github.com/prometheus/common/version
  local ldflags="-s -w -X $stamp.Version=$version -X $stamp.Revision=${revision:-$module_version} -X $stamp.Branch=HEAD"
  ldflags+=" -X $stamp.BuildUser=livefeed-ops@build-pinned -X $stamp.BuildDate=$(date -u +%Y%m%d-%H:%M:%S)"
  mkdir -p "$work/out"
  local cmd
  for cmd in "$@"; do
    (cd "$work/src" && CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=mod \
      go build -tags netgo -trimpath -ldflags "$ldflags" -o "$work/out/$(basename "$cmd")" "./$cmd")
  done
  "$work/out/$(basename "$1")" --version 2>&1 | head -n 1 | sed 's/^/build-pinned:   /'
  # rename(2) is atomic; -T fails instead of moving into a folder another build finished meanwhile.
  if ! mv -T "$work/out" "$dest" 2>/dev/null; then
    echo "build-pinned: another build finished $dest first; keeping that one"
  fi
  rm -rf "$work"
  echo "build-pinned: built $name $version in $((SECONDS - started)) s"
}

prometheus_version=$(image_version prom/prometheus)
alertmanager_version=$(image_version prom/alertmanager)
# Prometheus 3.x.y is published as the Go module version v0.3xx.y (3.6.0 is v0.306.0).
IFS=. read -r major minor patch <<<"$prometheus_version"
prometheus_module_version="v0.$((major * 100 + minor)).$patch"

work=
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
total_started=$SECONDS
build prometheus github.com/prometheus/prometheus "$prometheus_module_version" "$prometheus_version" \
  cmd/prometheus cmd/promtool
build alertmanager github.com/prometheus/alertmanager "v$alertmanager_version" "$alertmanager_version" \
  cmd/alertmanager cmd/amtool
echo "build-pinned: done in $((SECONDS - total_started)) s; pinned tools in $pinned_dir"
