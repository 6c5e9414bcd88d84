# `tail --follow` across the SIGKILL of the leader of its partition: every
# record arrives, no offset is skipped and none is printed twice.
. "$KS_TESTS/lib.sh"
. "$KS_TESTS/faults/faults_lib.sh"

topic=$(unique follow)
create_topic "$topic" 1 3 min.insync.replicas=2
wait_isr "$topic"

"$KAFSCOPE" -b "$BOOTSTRAP" --timeout 15000 -c "tail $topic --offset 0 --follow" \
    >"$T/tail" 2>"$T/tail.err" &
tail_pid=$!

BATCHES=12 PER=500
for b in $(seq 1 "$BATCHES"); do
    seq -f "b$b-%.0f" 1 "$PER" >"$T/batch"
    timeout 60 "$KAFSCOPE" -b "$BOOTSTRAP" --timeout 20000 -c "produce $topic --file $T/batch" \
        >/dev/null 2>"$T/p.err" || fail "batch $b not produced: $(cat "$T/p.err")"
    if [ "$b" -eq 4 ]; then
        leader=$(leader_of "$topic" 0)
        [ -n "$leader" ] || fail "no leader for $topic"
        kill_node "$leader"
    fi
done

want=$((BATCHES * PER))
for _ in $(seq 1 120); do
    [ "$(wc -l <"$T/tail")" -ge "$want" ] && break
    kill -0 "$tail_pid" 2>/dev/null || fail "tail ended: $(cat "$T/tail.err")"
    sleep 0.5
done
kill -TERM "$tail_pid"
wait "$tail_pid" || true

cut -f2 "$T/tail" >"$T/offsets"
expect_eq "$(wc -l <"$T/offsets")" "$want" "every record tailed once"
expect_eq "$(sort -n "$T/offsets" | uniq -d | wc -l)" 0 "no offset printed twice"
expect_eq "$(sort -n "$T/offsets" | head -1) $(sort -n "$T/offsets" | tail -1)" "0 $((want - 1))" \
    "offsets 0..$((want - 1)), no gap"
expect_eq "$(cut -f5 "$T/tail" | sort | uniq -d | wc -l)" 0 "no value twice"
done_ok
