# Brokers and replication on a real 3-broker cluster: leaders, replicas,
# ISR, and what a broker going down does to them.
. "$KS_TESTS/lib.sh"
cluster_dir=$(dirname "$BOOTSTRAP_FILE")

json=$(ks --json -c brokers)
summary=$(echo "$json" | python3 -c '
import json,sys
d=json.load(sys.stdin)
print(len(d["brokers"]), sum(b["controller"] for b in d["brokers"]), all(b["up"] for b in d["brokers"]))')
expect_eq "$summary" "3 1 True" "3 brokers up, one controller"

topic=$(unique repl)
create_topic "$topic" 3 3
high_watermarks "$topic" >/dev/null
check=$(ks --json -c "topic describe $topic" | python3 -c '
import json,sys
d=json.load(sys.stdin)
print(d["replication_factor"], d["under_replicated"], [len(p["isr"]) for p in d["partitions"]], len({p["leader"] for p in d["partitions"]}))')
expect_eq "$check" "3 0 [3, 3, 3] 3" "RF 3, full ISR, leadership spread over the 3 brokers"

# A broker going down: node 3 stops; it leaves every ISR and shows as down.
pkill -TERM -f "$cluster_dir/node3/server.properties"
shrunk=""
for _ in $(seq 1 60); do
    check=$(ks --json -c "topic describe $topic" | python3 -c '
import json,sys
d=json.load(sys.stdin)
print(d["under_replicated"], sorted({len(p["isr"]) for p in d["partitions"]}), any(3 in p["isr"] for p in d["partitions"]))')
    if [ "$check" = "3 [2] False" ]; then shrunk=1; break; fi
    sleep 0.5
done
expect_eq "$shrunk" 1 "ISR shrinks to 2 and every partition is under-replicated (last: $check)"
text=$(ks -c "topics $topic")
expect_contains "$(echo "$text" | tail -1)" "3" "topics shows under-replicated partitions"
down=$(ks --json -c brokers | python3 -c '
import json,sys
print([(b["id"], b["up"]) for b in json.load(sys.stdin)["brokers"]])')
expect_eq "$down" "[(1, True), (2, True), (3, False)]" "broker 3 shown as down"

# The cluster still takes writes and reads with one broker gone.
out=$(ks -c "produce $topic still-here --partition 0")
expect_contains "$out" "partition 0" "produce with a broker down"
got=$(ks -c "tail $topic --partition 0 --offset -1" | cut -f5)
expect_eq "$got" "still-here" "tail with a broker down"
done_ok
