# Helpers for the lab tests (sourced after tests/lib.sh). The lab lives in a
# private folder; on exit every process it had (recorded by pid as the test
# learns them) is stopped, so nothing outlives the test.
if ! command -v java >/dev/null 2>&1; then
    echo "skipped: no java (scripts/install-deps installs it)"
    exit 77
fi
"$KS_TESTS/../scripts/fetch-kafka" >/dev/null || fail "scripts/fetch-kafka failed"
export KAFSCOPE_LAB_DIR=$T/lab
# A test killed by ctest's timeout must still stop its lab: bash runs the
# EXIT trap on exit, not on an untrapped signal.
trap 'exit 130' INT
trap 'exit 143' TERM
LAB_PIDS=()

# remember_pids: adds the pids `lab status --json` shows (nodes, demo,
# Connect; not the owner) to the ones stopped at exit.
remember_pids() {
    local p
    for p in $("$KAFSCOPE" lab status --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
for n in d.get("nodes", []):
    if n["pid"]: print(n["pid"])
if d.get("demo_pid"): print(d["demo_pid"])
if d.get("connect_pid"): print(d["connect_pid"])'); do
        LAB_PIDS+=("$p")
    done
}

# A pid counts as a lab process only while its command line names our lab
# folder: a recycled pid is never killed.
lab_pid_alive() {
    [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF "$KAFSCOPE_LAB_DIR"
}

lab_cleanup() {
    local p
    timeout 60 "$KAFSCOPE" lab stop >/dev/null 2>&1 || true
    for p in "${LAB_PIDS[@]}"; do
        if lab_pid_alive "$p"; then kill -KILL "$p" 2>/dev/null || true; fi
    done
    return 0
}

# expect_no_lab_process WHAT: none of the remembered pids runs (bounded wait).
expect_no_lab_process() {
    local p left
    for _ in $(seq 1 300); do
        left=""
        for p in "${LAB_PIDS[@]}"; do lab_pid_alive "$p" && left+=" $p"; done
        [ -z "$left" ] && { pass; return 0; }
        sleep 0.1
    done
    fail "$1: lab processes still running:$left"
}

# status_json EXPR: evaluates a Python expression on `lab status --json` (d).
status_json() {
    "$KAFSCOPE" lab status --json | python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"
}

# wait_until SECONDS WHAT CMD...: polls CMD every 0.5 s until it succeeds.
wait_until() {
    local secs=$1 what=$2
    shift 2
    local deadline=$((SECONDS + secs))
    while ((SECONDS < deadline)); do
        "$@" >/dev/null 2>&1 && { pass; return 0; }
        sleep 0.5
    done
    fail "$what (not within ${secs}s)"
}
