#!/usr/bin/env bash
# Installs the outside programs the .docx/PDF tests use, when they are missing:
#   soffice (LibreOffice Writer, headless) converts the tests' own text and flat-ODT fixtures
#   to .docx and PDF at test time (tests/containers.rs);
#   pdftotext (poppler-utils) is claimlint's optional PDF extractor (--pdf-extractor poppler)
#   and fallback, and the reference the tests compare the built-in reader with.
# Debian packages, without recommends (no GUI, no Java). Idempotent; safe on every CI run.
set -euo pipefail

if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then
    echo "office: $(soffice --version 2>/dev/null | head -n1); $(pdftotext -v 2>&1 | head -n1)"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "office: apt-get not found; install LibreOffice Writer and poppler-utils by hand" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "office: installing libreoffice-writer-nogui and poppler-utils"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    libreoffice-writer-nogui poppler-utils
soffice --version | head -n1
pdftotext -v 2>&1 | head -n1
