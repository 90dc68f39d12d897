#!/usr/bin/env bash
# Idempotent install of the e2e harness (see /work/shared/E2E.md and README.md here).
#  - apt: libkrb5-dev (kerberos headers for code-server's native build), chromium, ripgrep
#  - seeds @vscode/ripgrep's download cache with Debian's rg (no GitHub access here)
#  - npm install in test/e2e (code-server@4.100.3, playwright-core, mocha, @vscode/test-electron)
# Skips every step that is already done. Set KLL_E2E_FORCE=1 to rerun npm install anyway.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RG_PKG_VERSION=1.15.11                                  # @vscode/ripgrep version pinned by code-server 4.100.3
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz   # asset name for that version's VERSION constant
RG_CHECK="$HERE/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
T0=$SECONDS

log() { printf '[e2e-install %3ss] %s\n' "$((SECONDS - T0))" "$*"; }

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# ---- 1. apt packages -------------------------------------------------------
missing=()
for p in libkrb5-dev chromium ripgrep; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  $SUDO timeout 600 apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO timeout 900 apt-get install -y -q "${missing[@]}"
else
  log "apt packages present"
fi
[ -x /usr/bin/chromium ] || { echo "install.sh: /usr/bin/chromium missing after apt install" >&2; exit 1; }
command -v rg >/dev/null || { echo "install.sh: rg missing after apt install" >&2; exit 1; }

# ---- 2. npm install (skipped when already complete) ------------------------
# rg's version, read whole: `rg --version | grep -q` under pipefail fails whenever grep exits
# before rg has written its last line (SIGPIPE), which made this check flaky.
rg_runs() {
  local out
  out="$("$RG_CHECK" --version 2>/dev/null)" && [[ "$out" == ripgrep* ]]
}
installed_ok() {
  [ -x "$RG_CHECK" ] && rg_runs \
    && [ -f "$HERE/node_modules/code-server/out/node/entry.js" ] \
    && [ -f "$HERE/node_modules/playwright-core/package.json" ] \
    && [ -f "$HERE/node_modules/mocha/package.json" ] \
    && [ -f "$HERE/node_modules/@vscode/test-electron/package.json" ]
}
if [ "${KLL_E2E_FORCE:-0}" != 1 ] && installed_ok; then
  log "node_modules present ($("$RG_CHECK" --version | head -1) in code-server)"
  exit 0
fi

# @vscode/ripgrep's postinstall looks in $TMPDIR/vscode-ripgrep-cache-<pkgver>/<asset> before
# downloading from api.github.com. Seed it with Debian's rg. Same TMPDIR as npm install below.
export TMPDIR="${TMPDIR:-/tmp}"
mkdir -p "$TMPDIR/vscode-ripgrep-cache-$RG_PKG_VERSION"
tar czf "$TMPDIR/vscode-ripgrep-cache-$RG_PKG_VERSION/$RG_ASSET" -C "$(dirname "$(command -v rg)")" rg
log "seeded $TMPDIR/vscode-ripgrep-cache-$RG_PKG_VERSION/$RG_ASSET"

# unsafe_perm: code-server's postinstall.sh refuses to run as root without it.
# dangerously_allow_all_scripts: npm 11 skips (or, strict, refuses) dependency install scripts not
# listed in `allowScripts`. package.json here lists code-server and argon2, but code-server's
# postinstall runs a nested `npm install` in its vendored VS Code (lib/vscode), whose package.json
# we do not control and whose @vscode/ripgrep and native modules need their scripts.
export npm_config_yes=true npm_config_unsafe_perm=true npm_config_dangerously_allow_all_scripts=true
cd "$HERE"
if [ -f package-lock.json ]; then cmd=ci; else cmd=install; fi
log "npm $cmd in $HERE (native builds, ~1-2 min)"
timeout 1200 npm "$cmd" --no-audit --no-fund

# Second chance, with what went wrong printed: code-server's postinstall (its output is hidden by
# npm) when the vendored VS Code has no node_modules; Debian's rg when @vscode/ripgrep's own
# postinstall left no binary (it downloads, or copies from the cache seeded above).
VSCODE_DIR="$HERE/node_modules/code-server/lib/vscode"
if ! installed_ok && [ -f "$HERE/node_modules/code-server/postinstall.sh" ] && [ ! -d "$VSCODE_DIR/node_modules/@vscode/ripgrep" ]; then
  log "code-server's vendored VS Code has no @vscode/ripgrep: running code-server's postinstall again"
  (cd "$HERE/node_modules/code-server" && npm_config_user_agent="npm/$(npm --version) node/$(node --version) linux x64" sh ./postinstall.sh)
fi
if ! installed_ok && [ -d "$VSCODE_DIR/node_modules/@vscode/ripgrep" ]; then
  log "@vscode/ripgrep has no working rg: copying Debian's $(command -v rg)"
  mkdir -p "$(dirname "$RG_CHECK")"
  cp "$(command -v rg)" "$RG_CHECK"
fi
if ! installed_ok; then
  echo "install.sh: install finished but the harness is incomplete:" >&2
  ls -la "$(dirname "$RG_CHECK")" "$VSCODE_DIR/node_modules" 2>&1 | head -20 >&2 || true
  [ -f "$HERE/node_modules/code-server/out/node/entry.js" ] || echo "  missing: code-server/out/node/entry.js" >&2
  exit 1
fi
log "done: $("$RG_CHECK" --version | head -1)"
