#!/usr/bin/env bash
# Runs a real Schema Registry (Apicurio Registry, Confluent-compatible API, in-memory storage)
# on 127.0.0.1 for kafscope's tests. See pom.xml for why Apicurio and how it is built.
#
#   registry.sh fetch        build the registry into $REGISTRY_APP (once; Maven Central only)
#   registry.sh start DIR    start it, write DIR/url (the ccompat base URL), print the URL
#   registry.sh stop DIR     stop the registry started in DIR (safe to repeat)
#
# Environment: REGISTRY_APP (default <repo>/build/registry-app), JAVA (default java),
# REGISTRY_START_TIMEOUT seconds (default 120).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
REGISTRY_APP=${REGISTRY_APP:-$ROOT/build/registry-app}
REGISTRY_START_TIMEOUT=${REGISTRY_START_TIMEOUT:-120}
JAVA=${JAVA:-java}

die() { echo "registry.sh: $*" >&2; exit 1; }

stamp_text() {
    cat "$HERE/pom.xml" "$HERE"/src/main/java/dev/kafscope/registry/*.java | sha256sum | cut -d' ' -f1
}

runner() { ls "$REGISTRY_APP"/target/*-runner.jar 2>/dev/null | head -1; }

cmd_fetch() {
    mkdir -p "$(dirname "$REGISTRY_APP")"
    local stamp
    stamp=$(stamp_text)
    [[ -f $REGISTRY_APP/.stamp && $(cat "$REGISTRY_APP/.stamp") == "$stamp" && -n $(runner) ]] && return 0
    command -v mvn >/dev/null || die "mvn not found (run scripts/install-deps)"
    exec 9>"$REGISTRY_APP.lock"
    flock 9
    if [[ ! -f $REGISTRY_APP/.stamp || $(cat "$REGISTRY_APP/.stamp") != "$stamp" || -z $(runner) ]]; then
        echo "registry.sh: building the test Schema Registry into $REGISTRY_APP (a few minutes, once)" >&2
        rm -rf "$REGISTRY_APP.tmp"
        mkdir -p "$REGISTRY_APP.tmp"
        cp -r "$HERE/pom.xml" "$HERE/src" "$REGISTRY_APP.tmp/"
        local out
        if ! out=$(cd "$REGISTRY_APP.tmp" && mvn -q -B package -DskipTests 2>&1); then
            echo "$out" | tail -40 >&2
            rm -rf "$REGISTRY_APP.tmp"
            die "mvn could not build the registry"
        fi
        echo "$stamp" >"$REGISTRY_APP.tmp/.stamp"
        rm -rf "$REGISTRY_APP"
        mv "$REGISTRY_APP.tmp" "$REGISTRY_APP"
    fi
    exec 9>&-
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

cmd_start() {
    local dir=$1
    cmd_stop "$dir" 2>/dev/null || true
    cmd_fetch
    mkdir -p "$dir"
    local port url
    port=$(free_port)
    url="http://127.0.0.1:$port/apis/ccompat/v7"
    # setsid: the registry outlives this script (ctest's fixture setup) and is stopped by pid.
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$port \
        setsid "$JAVA" -Xms64m -Xmx384m -jar "$(runner)" >"$dir/registry.log" 2>&1 </dev/null &
    echo $! >"$dir/pid"
    local deadline=$((SECONDS + REGISTRY_START_TIMEOUT))
    until curl -fsS -m 2 "$url/subjects" >/dev/null 2>&1; do
        if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
            tail -20 "$dir/registry.log" >&2
            die "the registry exited during start-up (log: $dir/registry.log)"
        fi
        ((SECONDS < deadline)) || { cmd_stop "$dir"; die "the registry did not answer within ${REGISTRY_START_TIMEOUT}s"; }
        sleep 0.5
    done
    echo "$url" >"$dir/url"
    echo "$url"
}

cmd_stop() {
    local dir=$1
    [[ -f $dir/pid ]] || return 0
    local pid
    pid=$(cat "$dir/pid")
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/pid" "$dir/url"
}

case ${1:-} in
fetch) cmd_fetch ;;
start) [[ $# -eq 2 ]] || die "usage: registry.sh start DIR"; cmd_start "$2" ;;
stop) [[ $# -eq 2 ]] || die "usage: registry.sh stop DIR"; cmd_stop "$2" ;;
*) sed -n '5,7s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
esac
