# The lab from the command line: start with a Connect worker (bootstrap
# first, a second start starts nothing), status, kafscope without -b using it, the demo topics and
# group, retention moving the log start, tail --group with two and three
# members sharing the partitions, a crashed broker leaving the ISR and
# coming back, stop leaving no process; then a lab owned by a REPL that is
# SIGKILLed dies with it and its state is cleaned up as stale.
. "$KS_TESTS/lib.sh"
. "$KS_LAB/lab_lib.sh"
trap 'kill "${TAILS[@]}" 2>/dev/null || true; lab_cleanup; rm -rf "$T"' EXIT
TAILS=()

# --- start ---
expect_fail "no lab is running" "$KAFSCOPE" lab broker stop 1
timeout 400 "$KAFSCOPE" lab start --connect >"$T/start.out" 2>"$T/start.err" || fail "lab start: $(cat "$T/start.err")"
START_S=$SECONDS
remember_pids
boot=$(head -n1 "$T/start.out")
[[ $boot =~ ^127\.0\.0\.1:[0-9]+,127\.0\.0\.1:[0-9]+,127\.0\.0\.1:[0-9]+$ ]] || fail "first line is not the bootstrap: $boot"
pass
expect_eq "${#LAB_PIDS[@]}" 5 "3 nodes, the demo process and the Connect worker"
for p in "${LAB_PIDS[@]}"; do lab_pid_alive "$p" || fail "pid $p is not running"; done
# Listeners on the loopback only.
expect_eq "$(grep -h '^listeners=' "$KAFSCOPE_LAB_DIR"/node*/server.properties | grep -vc '//127.0.0.1:[0-9]*,CONTROLLER://127.0.0.1:[0-9]*$')" 0 "127.0.0.1 only"

out=$(timeout 60 "$KAFSCOPE" lab start 2>"$T/err")
expect_eq "$out" "$boot" "a second start prints the running lab's bootstrap"
expect_contains "$(cat "$T/err")" "already running" "a second start says so"
expect_eq "$(status_json 'sorted(n["pid"] for n in d["nodes"])')" \
    "$(printf '%s\n' "${LAB_PIDS[@]:0:3}" | sort -n | python3 -c 'import sys; print(sorted(int(l) for l in sys.stdin))')" \
    "the second start started no node"

# --- status ---
out=$("$KAFSCOPE" lab status)
expect_contains "$out" "bootstrap: $boot" "status: bootstrap"
expect_contains "$out" "data: $KAFSCOPE_LAB_DIR" "status: data folder"
expect_eq "$(echo "$out" | grep -cE '^[123] +up +[0-9]+ ')" 3 "status: 3 nodes up with pids"
connect=$(echo "$out" | sed -n 's/^connect: \(http:\/\/127\.0\.0\.1:[0-9]*\) .*/\1/p')
[ -n "$connect" ] || fail "status shows no connect: line: $out"
pass
expect_eq "$(status_json 'd["connect"]')" "$connect" "status --json: connect"
# The worker answers, with the FileStream connectors available.
expect_contains "$(curl -sf --max-time 10 "$connect/connector-plugins")" "FileStreamSourceConnector" "Connect plugins"
expect_eq "$(status_json '[d["running"], [n["state"] for n in d["nodes"]], d["bootstrap"]]')" \
    "[True, ['up', 'up', 'up'], '$boot']" "status --json"

# --- the default world: no -b uses the running lab ---
out=$(timeout 60 "$KAFSCOPE" -c topics 2>"$T/err") || fail "topics: $(cat "$T/err")"
for t in pizza-orders cart-updates sensor-readings playground retention-demo; do
    expect_contains "$out" "$t" "demo topic $t"
done
# ... and its Connect worker, with no --connect given
out=$(timeout 60 "$KAFSCOPE" -c 'connector plugins' --json 2>"$T/err") || fail "connector plugins: $(cat "$T/err")"
expect_contains "$out" "FileStreamSinkConnector" "the lab's Connect worker found without --connect"
expect_not_contains "$(cat "$T/err")" "starting" "no second lab started"
expect_eq "$(kcat -b "$boot" -L -t pizza-orders -m 10 | sed -n 's/^ *\([0-9]*\) brokers:.*/\1/p')" 3 "kcat sees 3 brokers"
wait_until 60 "the demo group has 2 members" \
    sh -c "'$KAFSCOPE' -c groups | grep -E '^pizza-kitchen +Stable +classic +[a-z-]+ +2 '"
# Same key, same partition: the demo's pizza orders are keyed by shop.
keys=$(kcat -b "$boot" -C -t pizza-orders -c 60 -e -f '%k %p\n' 2>/dev/null | sort -u)
expect_eq "$(echo "$keys" | awk '{print $1}' | sort | uniq -d)" "" "each shop's orders in one partition"

# --- tail --group: two, then three members share the partitions ---
# member N: `tail --group` in the background, assignment events in $T/mN.
member() {
    "$KAFSCOPE" -b "$boot" -c "tail pizza-orders --group lab-tail --follow --json" 2>"$T/m$1.err" \
        > >(grep --line-buffered '"event"' >"$T/m$1") &
    TAILS+=($!) # kafscope's pid: SIGTERM ends it cleanly (it leaves the group)
}
# assignment N: the member's current partitions, from its last event.
assignment() { tail -n1 "$T/m$1" 2>/dev/null | python3 -c 'import json,sys; print(",".join(map(str, json.loads(sys.stdin.read())["assignment"])))'; }
# shared N...: every member has partitions and together they own 0-5 once.
shared() {
    local all="" m a
    for m in "$@"; do
        a=$(assignment "$m") || return 1
        [ -n "$a" ] || return 1
        all+="${all:+,}$a"
    done
    [ "$(echo "$all" | tr , '\n' | sort -n | tr '\n' ' ')" = "0 1 2 3 4 5 " ]
}
member 1
member 2
wait_until 90 "two members share the 6 partitions" shared 1 2
member 3
wait_until 90 "three members share the 6 partitions" shared 1 2 3
expect_eq "$(assignment 1 | tr , '\n' | wc -l)" 2 "member 1 has 2 of 6"
grep -q '"revoked"' "$T/m1" || fail "member 1 reported no revocation: $(cat "$T/m1")"
pass
expect_contains "$(timeout 30 "$KAFSCOPE" -c 'group members lab-tail')" "pizza-orders" "the cluster lists the members"
kill "${TAILS[@]}" 2>/dev/null || true
wait "${TAILS[@]}" 2>/dev/null || true

# --- a broker crash: DOWN, out of the metadata and the ISR; then back ---
"$KAFSCOPE" lab broker stop 2 --crash 2>"$T/err" || fail "broker stop: $(cat "$T/err")"
expect_eq "$(status_json '[n["state"] for n in d["nodes"]]')" "['up', 'down', 'up']" "status: node 2 down"
expect_contains "$("$KAFSCOPE" lab status)" "DOWN" "status text: DOWN"
wait_until 30 "node 2 left the metadata" \
    sh -c "kcat -b '$boot' -L -t pizza-orders -m 5 | grep -q '^ *2 brokers:'"
wait_until 30 "node 2 left every ISR of pizza-orders" \
    sh -c "! kcat -b '$boot' -L -t pizza-orders -m 5 | sed -n 's/.*isrs: //p' | grep -q 2"
expect_fail "not running" "$KAFSCOPE" lab broker stop 2
timeout 200 "$KAFSCOPE" lab broker start 2 2>"$T/err" || fail "broker start: $(cat "$T/err")"
remember_pids
expect_eq "$(status_json '[n["state"] for n in d["nodes"]]')" "['up', 'up', 'up']" "status: node 2 up again"
wait_until 120 "node 2 back in every ISR" \
    sh -c "[ \$(kcat -b '$boot' -L -t pizza-orders -m 5 | grep -c 'isrs: [0-9],[0-9],[0-9]') = 6 ]"
expect_fail "no broker 7" "$KAFSCOPE" lab broker start 7

# --- retention: the log start of retention-demo moves within two minutes ---
low() {
    "$KAFSCOPE" -c "topic describe retention-demo" --json |
        python3 -c 'import json,sys; print(sum(p["low"] for p in json.load(sys.stdin)["partitions"]))'
}
wait_until $((150 - (SECONDS - START_S))) "the log start of retention-demo moved" sh -c "[ \$($(declare -f low); low) -gt 0 ]"

# --- stop: nothing of the lab keeps running, its data is gone ---
timeout 120 "$KAFSCOPE" lab stop 2>"$T/err" || fail "lab stop: $(cat "$T/err")"
expect_no_lab_process "after lab stop"
[ ! -e "$KAFSCOPE_LAB_DIR/state" ] && [ ! -e "$KAFSCOPE_LAB_DIR/node1" ] || fail "lab stop left data: $(ls "$KAFSCOPE_LAB_DIR")"
pass
rc=0
"$KAFSCOPE" lab status >/dev/null || rc=$?
expect_eq "$rc" 1 "status exits 1 with no lab"
expect_contains "$("$KAFSCOPE" lab status || true)" "no lab is running" "status after stop"

# --- a lab owned by a kafscope dies with it, even on SIGKILL ---
LAB_PIDS=()
mkfifo "$T/in"
"$KAFSCOPE" --repl <"$T/in" >"$T/repl.out" 2>"$T/repl.err" &
repl=$!
exec 7>"$T/in"
echo topics >&7
wait_until 300 "the REPL started a lab and listed its topics" grep -q retention-demo "$T/repl.out"
expect_contains "$(cat "$T/repl.err")" "starting the lab" "the REPL says it starts the lab"
expect_eq "$(status_json 'd["owner_pid"]')" "$repl" "the lab's owner is the REPL"
remember_pids
expect_eq "${#LAB_PIDS[@]}" 4 "the owned lab's processes"
kill -KILL "$repl"
exec 7>&-
wait "$repl" 2>/dev/null || true
expect_no_lab_process "after SIGKILL of the owner"
# Its state is stale now: reported as no lab, and cleaned up.
expect_contains "$("$KAFSCOPE" lab status || true)" "no lab is running" "stale lab not reported"
[ ! -e "$KAFSCOPE_LAB_DIR/state" ] || fail "stale state not cleaned up"
pass
done_ok
