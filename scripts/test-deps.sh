# Sourced by scripts/test and scripts/fuzz-api. Installs what the end-to-end checks need, only
# when it is missing, on Debian/Ubuntu (apt-get; sudo when not root):
#   ensure_chromium       a Chromium for Tests/browser (or $CHROMIUM pointing at one);
#   ensure_nginx          an nginx for Tests/deploy (or $NGINX pointing at one); the tests run
#                         it with a configuration and folder of their own, never the system's;
#   ensure_schemathesis   schemathesis 4.x in a virtual environment of its own, outside the
#                         repository ($LBRUN_TEST_VENV, default ~/.cache/lbrun/test-venv), so that
#                         neither the system Python nor the project's files are touched.

as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "root is needed for: $*" >&2
        return 1
    fi
}

apt_install() {
    echo "installing with apt-get: $*"
    # A fresh machine has no package lists yet: update and retry when the first try fails.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 || {
        as_root apt-get update -q >/dev/null &&
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
    }
}

ensure_chromium() {
    if [ -n "${CHROMIUM:-}" ] && [ -x "$CHROMIUM" ]; then
        return
    fi
    if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
        apt_install chromium
    fi
    # Debian's /usr/bin/chromium is a shell wrapper that prints noise on stderr: not an error.
    { chromium --version || chromium-browser --version; } 2>/dev/null | head -n 1
}

ensure_nginx() {
    if [ -n "${NGINX:-}" ] && [ -x "$NGINX" ]; then
        return
    fi
    if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
        # Debian's package starts a system nginx on port 80 when it is installed: policy-rc.d
        # (when none exists) keeps services from starting during this installation.
        local policy=/usr/sbin/policy-rc.d added=
        if [ ! -e "$policy" ]; then
            as_root sh -c "printf '#!/bin/sh\nexit 101\n' >$policy && chmod 755 $policy" && added=1
        fi
        apt_install nginx-light || apt_install nginx || true
        if [ -n "$added" ]; then as_root rm -f "$policy"; fi
    fi
    NGINX=$(command -v nginx || echo /usr/sbin/nginx)
    export NGINX
    "$NGINX" -v
}

LBRUN_TEST_VENV=${LBRUN_TEST_VENV:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/lbrun/test-venv}
SCHEMATHESIS="$LBRUN_TEST_VENV/bin/schemathesis"

ensure_schemathesis() {
    if ! "$SCHEMATHESIS" --version 2>/dev/null | grep -q 'version 4\.'; then
        command -v python3 >/dev/null 2>&1 || apt_install python3
        # Debian's python3 needs python3-venv for `python3 -m venv`.
        if ! python3 -m venv --clear "$LBRUN_TEST_VENV" >/dev/null 2>&1; then
            apt_install python3-venv
            python3 -m venv --clear "$LBRUN_TEST_VENV"
        fi
        "$LBRUN_TEST_VENV/bin/python" -m pip install --quiet --disable-pip-version-check 'schemathesis>=4,<5'
    fi
    "$SCHEMATHESIS" --version
}
