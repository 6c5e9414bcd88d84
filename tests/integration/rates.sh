# msg/s per topic from watermark deltas (`topics --rate` samples a second).
. "$KS_TESTS/lib.sh"
if [ "$TARGET" = real ]; then
    busy=$(unique busy)
    idle=$(unique idle)
    create_topic "$busy" 2 1
    create_topic "$idle" 1 1
    # a bounded background producer: 40 records over ~2-4 s
    ( for i in $(seq 1 40); do echo "r$i"; sleep 0.05; done | ks -c "produce $busy --file -" >/dev/null ) &
    writer=$!
    sleep 0.5
else
    busy=pizza-orders   # the demo producer writes a few records a second
    idle=playground
fi
rates=$(ks --json -c "topics --rate" | python3 -c '
import json,sys
d={t["name"]: t["rate"] for t in json.load(sys.stdin)["topics"]}
print(d["'"$busy"'"] > 0, d["'"$idle"'"])')
expect_eq "$rates" "True 0.0" "busy topic has a rate, idle topic 0"
[ "$TARGET" = real ] && wait "$writer"
without=$(ks --json -c "topics" | python3 -c '
import json,sys
print({t["rate"] for t in json.load(sys.stdin)["topics"]})')
expect_eq "$without" "{None}" "no rate from a single sample"
done_ok
