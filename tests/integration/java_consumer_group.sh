# A group of real Java consumers (kafka-clients from the jars the broker
# fixture fetched) using the KIP-848 consumer protocol: groups, group describe
# (text and JSON) show it Stable, type consumer, with its members and their
# assignment.
. "$KS_TESTS/lib.sh"
require_real
command -v javac >/dev/null || fail "javac not found (run scripts/install-deps)"
# The jars the broker fixture runs from (it has fetched them already).
libs=""
for dir in "${KAFKA_LIBS:-}" "${KAFSCOPE_CACHE:-$HOME/.cache/kafscope}/kafka-4.1.1" \
    "$KS_TESTS/../build/kafka-libs"; do
    if [ -n "$dir" ] && ls "$dir"/kafka-clients-*.jar >/dev/null 2>&1; then
        libs=$dir
        break
    fi
done
[ -n "$libs" ] || fail "no kafka-clients jar where the broker fixture keeps its jars"

mkdir -p "$T/java"
javac -nowarn -cp "$libs/*" -d "$T/java" "$KS_TESTS/java/Kip848Consumer.java"

topic=$(unique k848)
group=$(unique g848)
create_topic "$topic" 4 1
seq 1 20 | sed 's/^/v/' >"$T/msgs"
ks -c "produce $topic --file $T/msgs" >/dev/null

# Two consumers, small heaps, a bounded life of their own; killed by pid below.
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null || true; done; rm -rf "$T"' EXIT
for n in 1 2; do
    java -Xms16m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$libs/*:$T/java" \
        Kip848Consumer "$BOOTSTRAP" "$group" "$topic" "java-$n" 180 >"$T/java$n.log" 2>&1 &
    pids="$pids $!"
done

# Poll (bounded) until both members hold all four partitions between them.
summary=""
for _ in $(seq 1 120); do
    summary=$(ks --json -c "group describe $group" 2>/dev/null | python3 -c '
import json,sys
d=json.load(sys.stdin)
assigned=sorted(a for m in d["members"] for a in m["assignment"])
print(d["state"], d["type"], d["member_count"], sorted(m["client_id"] for m in d["members"]),
      all(m["assignment"] for m in d["members"]), assigned)' 2>/dev/null || true)
    case "$summary" in "Stable consumer 2 "*True*) break ;; esac
    for p in $pids; do kill -0 "$p" 2>/dev/null || fail "a Java consumer died: $(cat "$T"/java*.log)"; done
    sleep 0.5
done
expect_eq "$summary" \
    "Stable consumer 2 ['java-1', 'java-2'] True ['$topic:0', '$topic:1', '$topic:2', '$topic:3']" \
    "describe --json: Stable, type consumer, both members, every partition assigned"

out=$(ks -c groups)
line=$(echo "$out" | grep -F "$group")
expect_contains "$line" "Stable" "groups: state"
expect_contains "$line" "consumer" "groups: type"
json=$(ks --json -c groups | python3 -c '
import json,sys; g=[g for g in json.load(sys.stdin)["groups"] if g["id"]==sys.argv[1]][0]
print(g["state"], g["type"], g["members"])' "$group")
expect_eq "$json" "Stable consumer 2" "groups --json: state, type, members"

text=$(ks -c "group describe $group")
expect_contains "$text" "Type        consumer" "describe text: type"
expect_contains "$text" "java-1" "describe text: member java-1"
expect_contains "$text" "java-2" "describe text: member java-2"
expect_contains "$text" "$topic:" "describe text: assignment"

for p in $pids; do kill "$p" 2>/dev/null || true; done
for p in $pids; do wait "$p" 2>/dev/null || true; done
pids=""
done_ok
