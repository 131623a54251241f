#!/usr/bin/env bash
# `make serve`: WORKERS `streamlit run app.py` processes on loopback behind HAProxy, one port
# for users. Ctrl-C (or TERM) stops every process this script started.
#   WORKERS   app processes (default: the number of cores)
#   PORT      the users' port (default 8080); ADDRESS the address it listens on (default 0.0.0.0)
#   PYTHON    the Python with the app installed (default .venv/bin/python)
#   SERVE_DIR where the config and logs go (default build/serve)
set -euo pipefail
cd "$(dirname "$0")/.."

WORKERS=${WORKERS:-$(nproc)}
PORT=${PORT:-8080}
ADDRESS=${ADDRESS:-0.0.0.0}
PYTHON=${PYTHON:-.venv/bin/python}
SERVE_DIR=${SERVE_DIR:-build/serve}

fail() { echo "error: $*" >&2; exit 2; }
[[ "$WORKERS" =~ ^[0-9]+$ ]] && ((WORKERS >= 1 && WORKERS <= 64)) ||
  fail "WORKERS must be a whole number from 1 to 64 (got '$WORKERS')"
[[ "$PORT" =~ ^[0-9]+$ ]] && ((PORT >= 1 && PORT <= 65535)) ||
  fail "PORT must be a port number (got '$PORT')"
[[ "$ADDRESS" =~ ^[0-9.]+$|^localhost$ ]] || fail "ADDRESS must be an IPv4 address (got '$ADDRESS')"
[ -x "$PYTHON" ] || fail "no Python at $PYTHON: run 'make serve' (it creates .venv) or set PYTHON"

bash scripts/ensure_haproxy.sh
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)
mkdir -p "$SERVE_DIR"

# wait_http WHAT_TO_READ SECONDS URL...: every URL's /_stcore/health answers, or fail.
wait_http() {
  local logs=$1 seconds=$2
  shift 2
  "$PYTHON" - "$seconds" "$@" <<'PY' || fail "no answer from $* within $seconds s; see $logs"
import sys
import time
import urllib.request

try:
    deadline = time.monotonic() + float(sys.argv[1])
    for url in sys.argv[2:]:
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    sys.exit(1)
                time.sleep(0.3)
except KeyboardInterrupt:
    sys.exit(130)
PY
}

pids=()
stop_all() {
  trap - EXIT INT TERM
  if ((${#pids[@]})); then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Free loopback ports for the app processes (users only ever see PORT).
read -r -a ports <<<"$("$PYTHON" - "$WORKERS" <<'PY'
import socket
import sys

socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
)"

servers=""
for i in "${!ports[@]}"; do
  n=$((i + 1))
  "$PYTHON" -m streamlit run app.py --server.port "${ports[$i]}" --server.address 127.0.0.1 \
    --server.headless true --browser.gatherUsageStats false >"$SERVE_DIR/app-$n.log" 2>&1 &
  pids+=($!)
  servers+="    server app$n 127.0.0.1:${ports[$i]} check cookie app$n"$'\n'
done

config="$SERVE_DIR/haproxy.cfg"
template=$(<deploy/haproxy.cfg.in)
template=${template//@ADDRESS@/$ADDRESS}
template=${template//@PORT@/$PORT}
printf '%s\n' "${template//@SERVERS@/${servers%$'\n'}}" >"$config"
"$HAPROXY" -c -q -f "$config" || fail "HAProxy rejected $config"

# Wait until every app process answers, then open the users' port.
wait_http "$SERVE_DIR/app-*.log" 120 "${ports[@]/#/http://127.0.0.1:}"
"$HAPROXY" -db -f "$config" >"$SERVE_DIR/haproxy.log" 2>&1 &
pids+=($!)
probe=$ADDRESS
[ "$probe" = "0.0.0.0" ] && probe=127.0.0.1
wait_http "$SERVE_DIR/haproxy.log (port $PORT in use?)" 15 "http://$probe:$PORT"

shown=$ADDRESS
[ "$shown" = "0.0.0.0" ] && shown=$(hostname)
echo "Serving the atlas at http://$shown:$PORT/ (HAProxy, $WORKERS app processes on 127.0.0.1:" \
  "${ports[*]}; config and logs in $SERVE_DIR). Ctrl-C stops everything."

# An app process that ends is taken out by HAProxy's health check and its students reconnect to
# another (the view is in the URL); while one is left, keep serving. If HAProxy ends, stop.
set +e
haproxy_pid=${pids[-1]}
apps=$WORKERS
while true; do
  wait -n -p ended "${pids[@]}"
  status=$?
  if [ "$ended" = "$haproxy_pid" ] || ((--apps == 0)); then
    echo "error: $([ "$ended" = "$haproxy_pid" ] && echo HAProxy || echo the last app process)" \
      "stopped (exit $status); stopping everything. See $SERVE_DIR/*.log" >&2
    exit 1
  fi
  echo "warning: app process $ended stopped (exit $status); $apps left. See $SERVE_DIR/" >&2
  pids=("${pids[@]/$ended/}")
  read -r -a pids <<<"${pids[*]}"
done
