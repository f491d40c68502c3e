#!/bin/sh
# The headless Chromium that tests/cli/test_web.py drives through `pdv web` (tests/support/browser.py).
# Found in $PDV_CHROMIUM or on PATH (chromium, chromium-browser, google-chrome); otherwise, as
# root on Debian (CI), Debian's `chromium` package is installed; otherwise the way is printed.
set -eu
if [ -n "${PDV_CHROMIUM:-}" ] && [ -x "$PDV_CHROMIUM" ]; then exit 0; fi
for name in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$name" >/dev/null 2>&1; then exit 0; fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Chromium para os testes do pdv web: instalando o pacote chromium..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium >/dev/null
    exit 0
fi
echo "Chromium não encontrado, necessário ao teste do pdv web no navegador:" >&2
echo "  sudo apt-get install chromium   (ou indique o programa em PDV_CHROMIUM)" >&2
exit 1
