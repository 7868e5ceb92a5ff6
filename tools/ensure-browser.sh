#!/usr/bin/env bash
# `make setup`: make sure a Chromium or Chrome can print build/report.pdf (the HTML needs none).
# Found ($SINORUSSIA_BROWSER or one of the names report/pdf.py looks for): nothing to do. Missing: as root
# with apt-get (Debian, Ubuntu, containers, CI), install Debian's `chromium` the way .ci/run does;
# otherwise print the one command that installs it. Never fails setup: without a browser the report
# is still built, as HTML only, and `make report` says so.
set -uo pipefail

if [ -n "${SINORUSSIA_BROWSER:-}" ]; then
  if command -v "$SINORUSSIA_BROWSER" >/dev/null 2>&1; then
    exit 0
  fi
  echo "warning: \$SINORUSSIA_BROWSER=$SINORUSSIA_BROWSER is not an executable; unset it or fix the path"; exit 0
fi
for name in chromium chromium-browser google-chrome google-chrome-stable; do
  if command -v "$name" >/dev/null 2>&1; then
    exit 0
  fi
done

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "no Chromium found: installing Debian's chromium for the PDF (apt-get, as root) …"
  if DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null \
    && command -v chromium >/dev/null 2>&1; then
    echo "browser for the PDF: $(command -v chromium)"; exit 0
  fi
  echo "warning: apt-get could not install chromium; the report will be HTML only until one is installed"
  echo "  install it with:  apt-get install chromium"; exit 0
fi

if command -v apt-get >/dev/null 2>&1; then
  cmd="sudo apt-get install chromium"
elif command -v dnf >/dev/null 2>&1; then
  cmd="sudo dnf install chromium"
elif command -v brew >/dev/null 2>&1; then
  cmd="brew install --cask chromium"
else
  cmd="install Chromium or Google Chrome, or set SINORUSSIA_BROWSER=/path/to/chrome"
fi
echo "note: no Chromium or Chrome found, so make report will build build/report.html but not the PDF."
echo "  install one with:  $cmd"
exit 0
