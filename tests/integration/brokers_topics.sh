# brokers, topics, topic describe: what the cluster has, as text and JSON.
. "$KS_TESTS/lib.sh"

out=$(ks -c brokers)
expect_contains "$out" "ADDRESS" "brokers header"
nbrokers=$(ks --json -c brokers | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["brokers"]))')
if [ "$TARGET" = real ]; then
    expect_eq "$nbrokers" 1 "one real broker"
    host=$(echo "$BOOTSTRAP" | cut -d: -f1); port=$(echo "$BOOTSTRAP" | cut -d: -f2)
    expect_contains "$out" "$host:$port" "broker address"
    ctrl=$(ks --json -c brokers | python3 -c 'import json,sys; d=json.load(sys.stdin); print([b["controller"] for b in d["brokers"]])')
    expect_eq "$ctrl" "[True]" "the only broker is the controller"
    topic=$(unique bt)
    create_topic "$topic" 3 1 retention.ms=3600000
else
    expect_eq "$nbrokers" 3 "three embedded brokers"
    topic=pizza-orders
fi

out=$(ks -c topics)
expect_contains "$out" "$topic" "topics lists the topic"
expect_not_contains "$out" "__consumer_offsets" "internal topics hidden by default"
out=$(ks -c "topics '${topic:0:3}*'")
expect_contains "$out" "$topic" "glob matches"
out=$(ks -c "topics 'no-such-*'")
expect_not_contains "$out" "$topic" "glob filters"

json=$(ks --json -c "topic describe $topic")
parts=$(echo "$json" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["partition_count"], len(d["partitions"]), d["partitions"][0]["leader"] >= 0)')
if [ "$TARGET" = real ]; then
    expect_eq "$parts" "3 3 True" "describe partitions"
    text=$(ks -c "topic describe $topic")
    expect_contains "$text" "retention.ms" "retention.ms always shown"
    expect_contains "$text" "retention.bytes" "retention.bytes always shown"
    expect_contains "$text" "cleanup.policy" "cleanup.policy always shown"
    mark=$(echo "$json" | python3 -c 'import json,sys; d=json.load(sys.stdin); print([(c["value"], c["default"]) for c in d["configs"] if c["name"]=="retention.ms"])')
    expect_eq "$mark" "[('3600000', False)]" "non-default retention.ms"
    line=$(echo "$text" | grep ' retention.ms ')
    expect_contains "$line" "*" "non-default value marked"
    line=$(echo "$text" | grep ' retention.bytes ')
    expect_not_contains "$line" "*" "default value not marked"
else
    expect_eq "$parts" "6 6 True" "describe partitions"
    expect_contains "$json" "configs_error" "embedded cluster says configs are not available"
fi
done_ok
