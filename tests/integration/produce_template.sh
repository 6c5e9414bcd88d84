# produce --template: every placeholder by type, --count, --rate (checked
# loosely from the record timestamps), errors that send nothing, Ctrl-C.
. "$KS_TESTS/lib.sh"
require_real
topic=$(unique tpl)
create_topic "$topic" 3 1

cat >"$T/all.json" <<'TPL'
{
  "key": "{{pick \"shop-a\" \"shop-b\" \"shop-c\"}}",
  "value": {
    "seq": "{{seq}}", "uuid": "{{uuid}}", "now": "{{now}}", "now_ms": "{{now_ms}}",
    "int": "{{int 3 7}}", "float": "{{float 1.5 2.50}}", "pick": "{{pick \"x\" \"y\"}}",
    "pickn": "{{pick 10 20}}", "weighted": "{{weighted \"w1\":3 \"w2\":1 \"never\":0}}",
    "name": "{{name}}", "word": "{{word}}", "text": "order {{seq}} costs {{int 4 4}} EUR",
    "literal": [1, true, null, "plain"]
  },
  "headers": {"seq": "{{seq}}"}
}
TPL
out=$(ks -c "produce $topic --template $T/all.json --count 40")
expect_contains "$out" "40 records produced to $topic" "count reported"
# kcat is the independent reader: the raw bytes of each value
kcat -b "$BOOTSTRAP" -C -t "$topic" -o beginning -e -q -J >"$T/got"
check=$(python3 - "$T/got" <<'PY'
import json, re, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
bad = []
def need(cond, what):
    if not cond:
        bad.append(what)
need(len(recs) == 40, "40 records, got %d" % len(recs))
seqs, parts_of = [], {}
for r in recs:
    v = json.loads(r["payload"])
    seqs.append(v["seq"])
    need(type(v["seq"]) is int, "seq is a number")
    need(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", v["uuid"]), "uuid v4: " + v["uuid"])
    need(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", v["now"]), "now is ISO-8601: " + v["now"])
    need(type(v["now_ms"]) is int and abs(v["now_ms"] - r["ts"]) < 60000, "now_ms near the record timestamp")
    need(type(v["int"]) is int and 3 <= v["int"] <= 7, "int in range: %r" % v["int"])
    need(type(v["float"]) is float and 1.5 <= v["float"] <= 2.5 and round(v["float"], 2) == v["float"], "float in range with 2 decimals: %r" % v["float"])
    need(v["pick"] in ("x", "y"), "pick")
    need(type(v["pickn"]) is int and v["pickn"] in (10, 20), "numeric pick")
    need(v["weighted"] in ("w1", "w2"), "weighted (a 0 weight never comes)")
    need(type(v["name"]) is str and " " in v["name"], "name is first and last")
    need(type(v["word"]) is str and v["word"].isalpha(), "word")
    need(v["text"] == "order %d costs 4 EUR" % v["seq"], "placeholders inside text: " + v["text"])
    need(v["literal"] == [1, True, None, "plain"], "literals kept")
    need(r["key"] in ("shop-a", "shop-b", "shop-c"), "key")
    need(dict(h for h in zip(r["headers"][::2], r["headers"][1::2])) == {"seq": str(v["seq"])} if r.get("headers") else False, "header")
    parts_of.setdefault(r["key"], set()).add(r["partition"])
need(sorted(seqs) == list(range(1, 41)), "seq numbers 1..40")
need(all(len(p) == 1 for p in parts_of.values()), "same key, same partition: %r" % parts_of)
need(len({json.loads(r["payload"])["uuid"] for r in recs}) == 40, "uuids differ")
print("ok" if not bad else "; ".join(bad[:5]))
PY
)
expect_eq "$check" "ok" "every placeholder by type"

# --seed repeats a run exactly (except the time)
t2=$(unique tpl)
create_topic "$t2" 1 1
printf '{"value": "{{uuid}} {{name}} {{float 0 100}} {{weighted \\"a\\":1 \\"b\\":1}}"}\n' >"$T/seeded.json"
ks -c "produce $t2 --template $T/seeded.json --count 5 --seed 42" >/dev/null
ks -c "produce $t2 --template $T/seeded.json --count 5 --seed 42" >/dev/null
vals=$(kcat -b "$BOOTSTRAP" -C -t "$t2" -o beginning -e -q -f '%s\n')
expect_eq "$(echo "$vals" | head -5)" "$(echo "$vals" | tail -5)" "same seed, same records"
expect_eq "$(echo "$vals" | sort -u | wc -l)" 5 "records of one run differ"

# --rate: 20 records at 10/s span about 1.9 s of record timestamps
t3=$(unique rate)
create_topic "$t3" 1 1
ks -c "produce $t3 --template $T/seeded.json --count 20 --rate 10/s" >/dev/null
span=$(kcat -b "$BOOTSTRAP" -C -t "$t3" -o beginning -e -q -f '%T\n' | python3 -c '
import sys
ts=[int(l) for l in sys.stdin]
print(len(ts), (max(ts)-min(ts))/1000.0)')
read -r n secs <<<"$span"
expect_eq "$n" 20 "--count with --rate"
python3 -c "import sys; sys.exit(0 if 1.5 <= $secs <= 30 else 1)" || fail "20 records at 10/s spanned ${secs}s, want about 1.9"
pass

# errors: named at line and column, nothing produced
before=$(high_watermarks "$topic")
printf '{\n  "value": "{{int 1 x}}"\n}\n' >"$T/bad.json"
expect_fail "bad.json: line 2, column 21: \{\{int A B\}\}: 'x' is not a whole number" ks -c "produce $topic --template $T/bad.json --count 5"
printf '{"value": "{{nope}}"}' >"$T/bad2.json"
expect_fail "line 1, column 14: unknown placeholder 'nope'" ks -c "produce $topic --template $T/bad2.json"
printf '{"not": "an envelope"}' >"$T/bad3.json"
expect_fail "expected a JSON object with the fields of an envelope" ks -c "produce $topic --template $T/bad3.json"
printf '{"value": "x", "partition": "{{int 7 9}}"}' >"$T/bad4.json"
expect_fail "record 1: partition [0-9] out of range" ks -c "produce $topic --template $T/bad4.json --count 3"
expect_fail "--rate: expected records per second" ks -c "produce $topic --template $T/all.json --rate fast"
expect_fail "--count: " ks -c "produce $topic --template $T/all.json --count 0"
expect_fail "--count, --rate and --seed go with --template" ks -c "produce $topic v --count 2"
expect_eq "$(high_watermarks "$topic")" "$before" "nothing produced by the bad runs"

# Ctrl-C stops the run and reports what was delivered
t4=$(unique intr)
create_topic "$t4" 1 1
"$KAFSCOPE" -b "$BOOTSTRAP" -c "produce $t4 --template $T/seeded.json --count 1000 --rate 20" >"$T/intr.out" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
    [ "$(high_watermarks "$t4")" -ge 5 ] && break
    sleep 0.2
done
kill -INT "$pid"
for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "produce did not stop on SIGINT"
wait "$pid" || true
got=$(high_watermarks "$t4")
expect_contains "$(cat "$T/intr.out")" "interrupted: $got of 1000 records produced to $t4" "Ctrl-C report matches the topic"
[ "$got" -lt 1000 ] || fail "all records were sent despite Ctrl-C"
pass
done_ok
