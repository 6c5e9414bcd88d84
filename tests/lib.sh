# Shared helpers for integration tests (sourced). Each test runs against
# TARGET=real (a real Kafka broker the suite started) or TARGET=embedded
# (`kafscope cluster`), with the bootstrap in $BOOTSTRAP_FILE.
set -euo pipefail
: "${KAFSCOPE:?KAFSCOPE must name the kafscope binary}"
: "${TARGET:?TARGET must be real or embedded}"
: "${BOOTSTRAP_FILE:?BOOTSTRAP_FILE must name the fixture bootstrap file}"
BOOTSTRAP=$(cat "$BOOTSTRAP_FILE")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
CHECKS=0

# `ks`: kafscope against the fixture cluster. A script on PATH rather than a
# function, so that timeout, env and xargs can run it too.
mkdir -p "$T/bin"
# kafscope must never hang: if a command does, timeout names it on stderr and
# the test fails there, instead of ctest's timeout firing in silence.
# (timeout passes SIGINT/SIGTERM on to kafscope, so tests can still signal it;
# --foreground, or it would send them twice, once more to its process group,
# and a second Ctrl-C ends kafscope at once.)
printf '#!/bin/sh\nexec timeout --foreground -v -k 5 %s "%s" -b "%s" --timeout 10000 "$@"\n' \
    "${KS_HANG_S:-150}" "$KAFSCOPE" "$BOOTSTRAP" >"$T/bin/ks"
chmod +x "$T/bin/ks"
PATH="$T/bin:$PATH"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

pass() { CHECKS=$((CHECKS + 1)); }

expect_eq() { # GOT WANT WHAT
    [ "$1" = "$2" ] || fail "$3: got '$1', want '$2'"
    pass
}

expect_contains() { # HAYSTACK NEEDLE WHAT
    case "$1" in
    *"$2"*) pass ;;
    *) fail "$3: '$2' not found in:
$1" ;;
    esac
}

expect_not_contains() { # HAYSTACK NEEDLE WHAT
    case "$1" in
    *"$2"*) fail "$3: '$2' unexpectedly found in:
$1" ;;
    *) pass ;;
    esac
}

# expect_fail PATTERN CMD...: CMD must exit non-zero within its timeout, and
# its stderr must match the extended regex PATTERN.
expect_fail() {
    local pattern=$1
    shift
    local rc=0
    timeout 60 "$@" >"$T/out" 2>"$T/err" || rc=$?
    [ "$rc" -ne 0 ] || fail "expected failure from: $* (stdout: $(cat "$T/out"))"
    [ "$rc" -ne 124 ] || fail "timed out (hang): $*"
    grep -Eq -- "$pattern" "$T/err" || fail "stderr of '$*' does not match /$pattern/: $(cat "$T/err")"
    pass
}

require_real() {
    if [ "$TARGET" != real ]; then
        echo "skipped: needs a real Kafka broker"
        exit 77
    fi
}

unique() { echo "$1-$$-$RANDOM"; }

# create_topic NAME PARTITIONS [RF] [config=value...]: a fresh topic (real
# broker only; the embedded cluster cannot create topics from outside).
create_topic() {
    local name=$1 parts=$2 rf=${3:-1}
    shift 3 2>/dev/null || shift $#
    "$KS_ADMIN" "$BOOTSTRAP" create "$name" "$parts" "$rf" "$@"
    # Wait until metadata shows it, so the first command does not race it.
    for _ in $(seq 1 50); do
        if kcat -b "$BOOTSTRAP" -L -t "$name" -m 5 2>/dev/null | grep -q "partition 0,"; then
            return 0
        fi
        sleep 0.2
    done
    fail "topic $name did not appear"
}

# high_watermarks TOPIC: "h0 h1 ..." once every partition's leader answers
# (right after creation a partition may briefly have no leader).
high_watermarks() {
    local hw
    for _ in $(seq 1 50); do
        hw=$(ks --json -c "topic describe $1" | python3 -c '
import json,sys
d=json.load(sys.stdin)
print(" ".join(str(p["high"]) for p in d["partitions"]))')
        case " $hw " in *" None "*) sleep 0.2 ;; *) echo "$hw"; return 0 ;; esac
    done
    fail "watermarks of $1 never became known"
}

# json_lines FILE: the JSON documents of a multi-command --json run (one
# after another, pretty-printed), one compact document per line.
json_lines() {
    python3 -c '
import json, sys
text, dec, i = open(sys.argv[1]).read(), json.JSONDecoder(), 0
while i < len(text):
    if text[i].isspace():
        i += 1
        continue
    d, i = dec.raw_decode(text, i)
    print(json.dumps(d))' "$1"
}

done_ok() { echo "$CHECKS passed, 0 failed"; }
