# topic create / config / partitions / delete and records delete: on a real
# broker they change the cluster; on the embedded demo cluster reached with
# -b (a mock) they say at once that it cannot, and change nothing.
. "$KS_TESTS/lib.sh"

hw_sum() { # TOPIC: sum of high watermarks
    ks --json -c "topic describe $1" | python3 -c 'import json,sys; print(sum(p["high"] or 0 for p in json.load(sys.stdin)["partitions"]))'
}

if [ "$TARGET" = embedded ]; then
    # Each refusal is immediate (no request the mock cannot answer is sent).
    for cmd in "topic create new-$$" "topic delete playground --yes" "topic config playground" \
        "topic config playground retention.ms=1000" "topic partitions playground 9" \
        "records delete playground:0 --before 1 --yes" "group delete nobody --yes"; do
        start=$(date +%s%N)
        expect_fail "not supported by the embedded demo cluster" ks -c "$cmd"
        ms=$((($(date +%s%N) - start) / 1000000))
        [ "$ms" -lt 3000 ] || fail "'$cmd' took $ms ms to refuse"
        pass
    done
    expect_not_contains "$(ks -c topics)" "new-$$" "nothing was created"
    expect_contains "$(ks -c topics)" "playground" "nothing was deleted"
    # topic describe says configs are unsupported, promptly
    out=$(timeout 5 ks -c "topic describe playground" 2>&1)
    expect_contains "$out" "configs: topic configs: not supported by this cluster" "describe: configs note"

    # kafscope's own embedded cluster (no -b) creates topics through the mock API
    out=$("$KAFSCOPE" --mock -c "topic create made-here --partitions 4" -c "topic describe made-here" -c topics)
    expect_contains "$out" "Created topic made-here with 4 partitions" "own embedded: create"
    expect_eq "$(echo "$out" | grep -c '^made-here ')" 1 "own embedded: listed"
    expect_fail "not supported by the embedded demo cluster: topic configs" \
        "$KAFSCOPE" --mock -c "topic create x --config retention.ms=1"
    expect_fail "already exists" "$KAFSCOPE" --mock -c "topic create pizza-orders"
    expect_fail "not supported by the embedded demo cluster: deleting topics" \
        "$KAFSCOPE" --mock -c "topic delete pizza-orders --yes"
    done_ok
    exit 0
fi

topic=$(unique adm)
# create with partitions, replication factor and a config
out=$(ks -c "topic create $topic --partitions 4 --replication-factor 1 --config retention.ms=120000 --config compression.type=gzip")
expect_contains "$out" "Created topic $topic with 4 partitions" "create reports"
json=$(ks --json -c "topic describe $topic")
expect_eq "$(echo "$json" | python3 -c 'import json,sys; d=json.load(sys.stdin); c={x["name"]:x["value"] for x in d["configs"]}; print(d["partition_count"], d["replication_factor"], c["retention.ms"], c["compression.type"])')" \
    "4 1 120000 gzip" "created with partitions, RF and configs"
expect_fail "already exists" ks -c "topic create $topic"
expect_fail "invalid topic name 'bad name'" ks -c "topic create 'bad name'"
expect_fail "--partitions: expected a whole number" ks -c "topic create x$$ --partitions zero"
expect_fail "--config: expected KEY=VALUE" ks -c "topic create x$$ --config retention.ms"
expect_fail "(InvalidConfig|Unknown topic config|invalid|Invalid)" ks -c "topic create y$$ --config no.such.config=1"
expect_not_contains "$(ks -c topics)" "x$$" "bad creates made nothing"

# topic config: show, set one (others kept), remove one
out=$(ks -c "topic config $topic")
expect_contains "$out" "retention.ms" "config show"
expect_contains "$out" "120000" "config show value"
ks -c "topic config $topic segment.ms=3600000 max.message.bytes=200000" >/dev/null
cfg() { ks --json -c "topic config $topic" | python3 -c 'import json,sys; c={x["name"]:(x["value"],x["source"]) for x in json.load(sys.stdin)["configs"]}; print(" ".join(c[k][0]+"/"+c[k][1][:7] for k in sys.argv[1:]))' "$@"; }
expect_eq "$(cfg retention.ms segment.ms max.message.bytes compression.type)" \
    "120000/DYNAMIC 3600000/DYNAMIC 200000/DYNAMIC gzip/DYNAMIC" "set keeps the other dynamic configs"
ks -c "topic config $topic --delete segment.ms" >/dev/null
expect_eq "$(cfg retention.ms segment.ms max.message.bytes)" \
    "120000/DYNAMIC 604800000/DEFAULT 200000/DYNAMIC" "delete reverts one, keeps the rest"
# IncrementalAlterConfigs: deleting what is not set is a no-op, not an error
ks -c "topic config $topic --delete segment.ms" >/dev/null
expect_eq "$(cfg retention.ms segment.ms max.message.bytes)" \
    "120000/DYNAMIC 604800000/DEFAULT 200000/DYNAMIC" "deleting an unset config changes nothing"
# list configs: append to and subtract from the value (the default counts)
out=$(ks -c "topic config $topic --append cleanup.policy=compact")
expect_contains "$out" "Appended compact to cleanup.policy" "append reported"
expect_eq "$(cfg cleanup.policy retention.ms max.message.bytes)" \
    "delete,compact/DYNAMIC 120000/DYNAMIC 200000/DYNAMIC" "append adds to the list, keeps the rest"
ks -c "topic config $topic --subtract cleanup.policy=delete" >/dev/null
expect_eq "$(cfg cleanup.policy retention.ms)" "compact/DYNAMIC 120000/DYNAMIC" "subtract"
expect_fail "is both appended to and deleted" \
    ks -c "topic config $topic --append cleanup.policy=delete --delete cleanup.policy"
ks -c "topic config $topic --delete cleanup.policy" >/dev/null  # keyless records follow
expect_eq "$(cfg cleanup.policy)" "delete/DEFAULT" "list config back to the default"
expect_fail "is both set and deleted" ks -c "topic config $topic retention.ms=1 --delete retention.ms"
expect_fail "unknown topic" ks -c "topic config nope-$$ retention.ms=1"

# partitions: grow, never shrink
out=$(ks -c "topic partitions $topic 6" 2>&1)
expect_contains "$out" "now has 6 partitions (was 4)" "partitions grow"
expect_contains "$out" "different partition" "partitions: note about keys"
expect_eq "$(ks --json -c "topic describe $topic" | python3 -c 'import json,sys; print(json.load(sys.stdin)["partition_count"])')" 6 "6 partitions"
expect_fail "cannot remove partitions" ks -c "topic partitions $topic 3"
expect_fail "already has 6 partitions" ks -c "topic partitions $topic 6"
expect_fail "N: expected a whole number" ks -c "topic partitions $topic six"

# records delete moves the log start offset
seq 1 10 | sed 's/^/r/' >"$T/ten"
ks -c "produce $topic --file $T/ten --partition 0" >/dev/null
low() { ks --json -c "topic describe $topic" | python3 -c 'import json,sys; p=json.load(sys.stdin)["partitions"][0]; print(p["low"], p["high"])'; }
expect_eq "$(low)" "0 10" "10 records in partition 0"
expect_fail "add --yes" ks -c "records delete $topic:0 --before 4"
expect_eq "$(low)" "0 10" "refused without --yes: nothing deleted"
out=$(ks -c "records delete $topic:0 --before 4 --yes")
expect_contains "$out" "log start offset moved from 0 to 4" "records delete reports"
expect_eq "$(low)" "4 10" "log start offset moved"
first=$(ks --json -c "tail $topic --partition 0 --offset beginning --count 1" | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["offset"])')
expect_eq "$first" 4 "the first readable record is now offset 4"
expect_fail "past the end" ks -c "records delete $topic:0 --before 99 --yes"
expect_fail "partition 9 out of range" ks -c "records delete $topic:9 --before 1 --yes"
expect_fail "expected TOPIC:PARTITION" ks -c "records delete $topic --before 1 --yes"
expect_fail "--before OFFSET is required" ks -c "records delete $topic:0 --yes"
out=$(ks -c "records delete $topic:0 --before end --yes")
expect_contains "$out" "moved from 4 to 10" "--before end"

# read-only mode refuses every change, and changes nothing
for cmd in "topic create ro-$$" "topic delete $topic --yes" "topic config $topic retention.ms=1" \
    "topic partitions $topic 8" "records delete $topic:1 --before 0 --yes" \
    "group reset g --topic $topic --to-earliest" "group delete g --yes" "group join g $topic" \
    "produce $topic x"; do
    expect_fail "read-only mode" ks --read-only -c "$cmd"
done
mkdir -p "$T/cfg"
printf '[cluster ro]\nbootstrap = %s\nread-only = true\n' "$BOOTSTRAP" >"$T/cfg/config"
expect_fail "read-only mode" env KAFSCOPE_CONFIG="$T/cfg/config" "$KAFSCOPE" --cluster ro -c "topic delete $topic --yes"
expect_eq "$(ks --json -c "topic describe $topic" | python3 -c 'import json,sys; print(json.load(sys.stdin)["partition_count"])')" 6 "read-only: unchanged"

# delete: refused without --yes in batch mode, done with it
expect_fail "refused: this deletes topic '$topic' and its .* records.*add --yes" ks -c "topic delete $topic"
expect_contains "$(ks -c topics)" "$topic" "still there"
out=$(ks -c "topic delete $topic --yes")
expect_contains "$out" "Deleted topic $topic" "delete reports"
expect_not_contains "$(ks -c topics)" "$topic" "gone from topics"
expect_fail "unknown topic" ks -c "topic delete $topic --yes"
expect_fail "internal topic" ks -c "topic delete __consumer_offsets --yes"
done_ok
