#!/usr/bin/env bash
# Runs `kafscope cluster` in the background as a test fixture.
#   embedded.sh start DIR KAFSCOPE   start it, write DIR/bootstrap
#   embedded.sh stop DIR             stop it (safe to repeat)
set -euo pipefail
cmd=${1:?usage: embedded.sh start|stop DIR [KAFSCOPE]}
dir=${2:?missing DIR}
case "$cmd" in
start)
    kafscope=${3:?missing KAFSCOPE binary}
    "$0" stop "$dir"
    mkdir -p "$dir"
    rm -f "$dir/bootstrap" "$dir/out"
    # setsid: the cluster outlives this script; the pid file lets stop find it.
    setsid "$kafscope" cluster >"$dir/out" 2>"$dir/err" </dev/null &
    echo $! >"$dir/pid"
    for _ in $(seq 1 100); do
        if [ -s "$dir/out" ]; then
            head -n1 "$dir/out" >"$dir/bootstrap"
            cat "$dir/bootstrap"
            exit 0
        fi
        kill -0 "$(cat "$dir/pid")" 2>/dev/null || break
        sleep 0.1
    done
    echo "embedded.sh: kafscope cluster did not start" >&2
    cat "$dir/err" >&2 || true
    exit 1
    ;;
stop)
    if [ -f "$dir/pid" ]; then
        pid=$(cat "$dir/pid")
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        rm -f "$dir/pid"
    fi
    ;;
*)
    echo "usage: embedded.sh start|stop DIR [KAFSCOPE]" >&2
    exit 2
    ;;
esac
