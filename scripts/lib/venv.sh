# Make .venv with unicard and its pinned dependencies installed. Sourced by scripts/*.
ensure_venv() {
  local extras="$1"
  if [ ! -x .venv/bin/python ]; then
    if ! python3 -m venv .venv 2>/dev/null; then
      # Debian and Ubuntu ship venv separately.
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "== installing python3-venv"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      else
        echo "!! python3 -m venv failed: install python3-venv (sudo apt-get install python3-venv)" >&2
        return 1
      fi
      rm -rf .venv && python3 -m venv .venv
    fi
  fi
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
  local target="."
  [ -n "$extras" ] && target=".[${extras}]"
  .venv/bin/python -m pip install -q --disable-pip-version-check -e "$target"
}
