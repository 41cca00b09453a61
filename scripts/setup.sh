#!/usr/bin/env bash
# Installs everything `make load` and `make test` need, idempotently:
#   - npm dependencies (npm ci, only when node_modules does not match package-lock.json; a failed install
#     puts the previous node_modules back),
#   - k6, built from the Go module proxy into .tools/bin (only when the pinned version changed),
#   - redis-server from Debian (apt-get, only when missing and we are root),
#   - with --test: chromium too (the HTML report test renders in it), openssh-server (the rehearsal generator
#     hosts), prometheus (the live metrics test streams a run into one it starts on loopback), and actionlint built from the Go module proxy into .tools/bin (only when the pinned version
#     changed; the CI workflow test runs it). LOADGATE_SETUP_SSHD=1 asks for openssh-server without --test.
# It never downloads a binary from anywhere but the npm registry, the Go module proxy and apt.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# shellcheck source=versions.env
. scripts/versions.env
tools="$root/.tools"
mkdir -p "$tools/bin"
want_test=0
for a in "$@"; do [ "$a" = "--test" ] && want_test=1; done

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    die "$1 is missing: install it with 'sudo apt-get install -y $2' (or your system's package manager), then re-run make setup"
  fi
  say "installing $2 with apt-get"
  if [ ! -f "$tools/.apt-updated" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    touch "$tools/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}

# 1. npm dependencies: reinstall only when the installed tree does not satisfy package-lock.json. Not by
# mtime: a fresh checkout or worktree has a lock file newer than any install, and `npm ci` deletes
# node_modules before it downloads anything, so offline it would destroy a working install. What the lock
# asks for is compared with what is on disk: every package it lists (but optional ones this platform skips)
# must be in place at its version, and package.json's dependencies must be the ones the lock was made from.
lock_satisfied() {
  [ -d node_modules ] || return 1
  command -v node >/dev/null 2>&1 || die "Node.js is missing: install Node >= 20.19 (https://nodejs.org or 'apt-get install nodejs npm'), then re-run make setup"
  node -e '
    const { readFileSync } = require("node:fs");
    const json = (f) => { try { return JSON.parse(readFileSync(f, "utf8")); } catch { return undefined; } };
    const lock = json("package-lock.json"), pkg = json("package.json") ?? {};
    const root = lock?.packages?.[""] ?? {};
    const same = (a, b) => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});
    if (!lock || !same(pkg.dependencies, root.dependencies) || !same(pkg.devDependencies, root.devDependencies)) process.exit(1);
    for (const [path, want] of Object.entries(lock.packages ?? {})) {
      if (path === "" || want.link) continue;
      const have = json(`${path}/package.json`);
      if (have === undefined && (want.optional || want.devOptional)) continue;
      if (have?.version !== want.version) process.exit(1);
    }'
}

if ! lock_satisfied; then
  # npm ci starts by deleting node_modules: keep the old tree aside and put it back if the install fails.
  backup=""
  if [ -d node_modules ]; then
    backup="$tools/node_modules.before-npm-ci"
    rm -rf "$backup"
    mv node_modules "$backup"
  fi
  say "npm ci (node_modules does not match package-lock.json)"
  code=0
  npm ci --no-fund --no-audit --loglevel=error >"$tools/npm-ci.log" 2>&1 || code=$?
  if [ "$code" != 0 ]; then
    if [ -n "$backup" ]; then
      rm -rf node_modules
      mv "$backup" node_modules
    fi
    die "npm ci failed (exit $code; see .tools/npm-ci.log)${backup:+; the previous node_modules was put back}"
  fi
  [ -z "$backup" ] || rm -rf "$backup"
fi

# 2. k6 from the Go module proxy.
stamp="$tools/k6.version"
if [ ! -x "$tools/bin/k6" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$K6_VERSION" ]; then
  command -v go >/dev/null 2>&1 || die "Go is missing: install Go >= 1.26 (https://go.dev/doc/install or 'apt-get install golang-go'), then re-run make setup"
  say "building k6 $K6_VERSION with go install (first time: about a minute)"
  # The module proxy here serves every k6 v2 version but not the module's @v/list, and `go install
  # m@v` looks the list up to check for a deprecation notice. A local file proxy, consulted only
  # after proxy.golang.org answers 404, supplies that one list naming the pinned version. Every
  # byte of source still comes from the Go module proxy and is checked against the checksum DB.
  listdir="$tools/goproxy/go.k6.io/k6/v2/@v"
  mkdir -p "$listdir"
  printf '%s\n' "$K6_VERSION" >"$listdir/list"
  upstream="${GOPROXY:-https://proxy.golang.org}"
  upstream="${upstream%%,direct}"
  GOBIN="$tools/bin" GOPROXY="$upstream,file://$tools/goproxy" \
    go install "go.k6.io/k6/v2@$K6_VERSION" || die "go install go.k6.io/k6/v2@$K6_VERSION failed (see above)"
  printf '%s\n' "$K6_VERSION" >"$stamp"
fi

# 3. redis-server from Debian: the lab and the integration tests start their own.
command -v redis-server >/dev/null 2>&1 || apt_install redis-server redis-server

# 4. sshd for the lab's rehearsal generator hosts (`make load GENERATORS=N`, and the distributed tests).
if [ "$want_test" = 1 ] || [ "${LOADGATE_SETUP_SSHD:-0}" = 1 ]; then
  [ -x /usr/sbin/sshd ] || apt_install sshd openssh-server
fi

# 5. For tests only: Chromium renders report.html; actionlint checks docs/ci's workflow and action.yml.
if [ "$want_test" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || apt_install chromium chromium
  # Debian's package may enable a system service; the test never uses it and starts its own on loopback.
  [ -x /usr/bin/prometheus ] || apt_install prometheus prometheus
  al_stamp="$tools/actionlint.version"
  if [ ! -x "$tools/bin/actionlint" ] || [ "$(cat "$al_stamp" 2>/dev/null)" != "$ACTIONLINT_VERSION" ]; then
    command -v go >/dev/null 2>&1 || die "Go is missing: install Go >= 1.26, then re-run make setup"
    say "building actionlint $ACTIONLINT_VERSION with go install"
    GOBIN="$tools/bin" go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" ||
      die "go install github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION failed (see above)"
    printf '%s\n' "$ACTIONLINT_VERSION" >"$al_stamp"
  fi
fi

# 6. The k6 scripts, bundled (fast; esbuild skips nothing, so always run).
npx --no-install tsx k6/build.ts >/dev/null
say "ready (k6 $("$tools/bin/k6" version 2>/dev/null | awk '{print $2}'), redis-server $(redis-server --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p'))"
