# A long file produce while every node hangs (SIGSTOP): the records in the
# send queue time out after --timeout, and then the rest of the file is not
# sent. The command ends with a message within about twice --timeout,
# instead of waiting out --timeout again for every queue's worth of records
# (a dead broker once kept a 1,000,000-line produce going for 11 minutes).
# What it says was delivered is in the topic once the nodes resume.
. "$KS_TESTS/lib.sh"
. "$KS_TESTS/faults/faults_lib.sh"

N=1000000
seq -f "stall-%.0f" 1 "$N" >"$T/records"
TIMEOUT_MS=3000

topic=$(unique stall)
create_topic "$topic" 3 3 min.insync.replicas=2
wait_isr "$topic"

timeout 120 "$KAFSCOPE" -b "$BOOTSTRAP" --timeout "$TIMEOUT_MS" \
    -c "produce $topic --file $T/records" >"$T/out" 2>"$T/err" &
prod=$!
# Hang the nodes once records are arriving, mid-file.
for _ in $(seq 1 100); do
    [ -n "$(kcat -C -b "$BOOTSTRAP" -t "$topic" -o beginning -c 1 -e -q -m 5 -f '%s' 2>/dev/null)" ] && break
    sleep 0.1
done
kill -0 "$prod" 2>/dev/null || fail "produce ended before the nodes hung: $(cat "$T/out" "$T/err")"
start=$(date +%s.%N)
for node in 1 2 3; do hang_node "$node"; done
rc=0
wait "$prod" || rc=$?
took=$(elapsed_since "$start")
resume_nodes
[ "$rc" -ne 124 ] || fail "produce kept going with every node hung"
[ "$rc" -ne 0 ] || fail "produce succeeded with every node hung: $(cat "$T/out")"
pass
[ "$(echo "$took < 2 * $TIMEOUT_MS / 1000 + 4" | bc)" = 1 ] || fail "produce took ${took}s to stop"
pass
err=$(cat "$T/err")
expect_contains "$err" "were not delivered within --timeout $TIMEOUT_MS ms" "the stop is explained"
read -r delivered sent < <(sed -n 's/.*(\([0-9]*\) of the \([0-9]*\) records sent before it were delivered).*/\1 \2/p' "$T/err") || true
[ -n "$delivered" ] || fail "no delivered count in: $err"
[ "$sent" -lt "$N" ] || fail "all $N records were sent: $err"
pass
echo "stopped in ${took}s: $err"

# Records that timed out here may still have been written once the nodes
# resumed; those reported delivered must all be there, and none twice.
wait_isr "$topic"
kcat -C -b "$BOOTSTRAP" -t "$topic" -e -q -f '%s\n' -m 60 >"$T/read" 2>"$T/kcat.err" ||
    fail "kcat could not read $topic: $(cat "$T/kcat.err")"
got=$(wc -l <"$T/read")
[ "$got" -ge "$delivered" ] && [ "$got" -le "$sent" ] ||
    fail "$got records in the topic; $delivered delivered of $sent sent"
pass
expect_eq "$(sort "$T/read" | uniq -d | wc -l)" 0 "no record twice"
done_ok
