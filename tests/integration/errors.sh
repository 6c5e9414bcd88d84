# Bad input: a clear error, a non-zero exit, no hang, nothing written.
. "$KS_TESTS/lib.sh"
if [ "$TARGET" = real ]; then
    topic=$(unique err)
    create_topic "$topic" 2 1
else
    topic=playground
fi
before=$(high_watermarks "$topic")

expect_fail "unknown command 'tial' \(did you mean 'tail'" ks -c "tial $topic"
expect_fail "unknown command 'prodce' \(did you mean 'produce'" ks -c "prodce $topic x"
expect_fail "unknown option '--coutn' \(did you mean --count" ks -c "tail $topic --coutn 3"
expect_fail "missing argument.*usage: tail TOPIC" ks -c "tail"
expect_fail "needs a value" ks -c "tail $topic --count"
expect_fail "--count: expected a whole number" ks -c "tail $topic --count many"
expect_fail "invalid offset 'yesterday'" ks -c "tail $topic --offset yesterday"
expect_fail "invalid offset '@2024-13-45'" ks -c "tail $topic --offset @2024-13-45"
expect_fail "unknown topic 'no-such-topic-$$'" ks -c "tail no-such-topic-$$"
expect_fail "unknown topic 'no-such-topic-$$'" ks -c "produce no-such-topic-$$ x"
expect_fail "unknown topic" ks -c "topic describe no-such-topic-$$"
expect_fail "partition 7 out of range.*0\.\.[12]" ks -c "tail $topic --partition 7"
expect_fail "partition 7 out of range" ks -c "produce $topic x --partition 7"
expect_fail "--partition: expected a whole number" ks -c "produce $topic x --partition one"
expect_fail "unbalanced single quote" ks -c "produce $topic 'x"
expect_fail "--header: expected NAME=VALUE" ks -c "produce $topic x --header novalue"
expect_fail "give one of VALUE, --file" ks -c "produce $topic x --file /dev/null"
printf 'good\n{"value":"v","partition":9}\n' >"$T/bad"
expect_fail "$T/bad:2: partition 9 out of range.*nothing was produced" ks -c "produce $topic --file $T/bad"
printf 'good\n{"value":"***","value_encoding":"base64"}\n' >"$T/bad64"
expect_fail "bad64:2: value: invalid base64" ks -c "produce $topic --file $T/bad64"
# A record larger than the whole send queue never fits: an error, not a
# wait that never ends (the queue is 2 MiB unless -X says otherwise).
head -c 3000000 /dev/zero | tr '\0' x >"$T/huge"
expect_fail "huge:1: a record of 3000000 bytes does not fit in the send queue \(queue.buffering.max.kbytes=2048\)" \
    "$KAFSCOPE" -b "$BOOTSTRAP" -X message.max.bytes=5000000 -c "produce $topic --file $T/huge"
expect_fail "read-only mode" ks --read-only -c "produce $topic x"
expect_fail "needs a subcommand" ks -c "topic"
expect_fail "unknown option '--bogus'" "$KAFSCOPE" --bogus
expect_fail "-X nonsense.property: .*" "$KAFSCOPE" -b "$BOOTSTRAP" -X nonsense.property=1 -c topics
expect_fail "expected prop=value" "$KAFSCOPE" -X novalue -c topics
expect_fail "cannot read /nonexistent" "$KAFSCOPE" -F /nonexistent -c topics
expect_fail "cluster 'nope' not found" env KAFSCOPE_CONFIG=/dev/null "$KAFSCOPE" --cluster nope -c topics

after=$(high_watermarks "$topic")
expect_eq "$after" "$before" "nothing was written by any bad command"

# the first failing command stops a batch: later commands do not run
rc=0; out=$(ks -c "tail no-such-topic-$$" -c "produce $topic should-not-happen" 2>/dev/null) || rc=$?
expect_eq "$rc" 1 "batch stops at the first error"
after=$(high_watermarks "$topic")
expect_eq "$after" "$before" "later commands did not run"

# an unreachable bootstrap fails within the timeout, naming the problem
start=$(date +%s%N)
expect_fail "broker unreachable" "$KAFSCOPE" -b 127.0.0.1:1 --timeout 2000 -c topics
elapsed=$((($(date +%s%N) - start) / 1000000))
[ "$elapsed" -lt 10000 ] || fail "unreachable bootstrap took ${elapsed} ms"
pass
done_ok
