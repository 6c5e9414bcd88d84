# produce --generate-from: every record generated from a schema with every
# Avro type decodes with that schema (kafscope's decoder), both union
# branches and every enum symbol come up, --count and errors.
. "$KS_TESTS/lib.sh"
require_real
schema=$KS_TESTS/data/all_types.avsc
topic=$(unique gen)
create_topic "$topic" 2 1

out=$(ks -c "produce $topic --generate-from $schema --count 150 --key fixed")
expect_contains "$out" "150 records produced to $topic" "count reported"
check=$(ks --json -c "tail $topic --value-decoder avro:$schema" | python3 -c '
import json, sys
recs = [json.loads(l) for l in sys.stdin]
bad = [r["offset"] for r in recs if "value_error" in r or r.get("value_encoding") != "avro"]
fields = ["n","b","i","l","f","d","s","raw","color","tags","counts","maybe","choice","md5","price","fprice","id","day","tm","tu","tsm","tsu","nested","other"]
missing = [r["offset"] for r in recs if list(r["value"]) != fields]
maybe = {type(r["value"]["maybe"]).__name__ for r in recs}
colors = {r["value"]["color"] for r in recs}
choice = {type(r["value"]["choice"]).__name__ for r in recs}
md5 = {len(r["value"]["md5"]) for r in recs}
keys = {r["key"] for r in recs}
print(len(recs), bad, missing, sorted(maybe), sorted(colors), sorted(choice), md5, keys)')
expect_eq "$check" "150 [] [] ['NoneType', 'str'] ['BLUE', 'GREEN', 'RED'] ['int', 'str'] {4} {'fixed'}" "every generated record decodes with the schema"

# a record that must contain itself has no value: an error, nothing sent
printf '{"type":"record","name":"R","fields":[{"name":"a","type":"R"},{"name":"b","type":"R"}]}' >"$T/loop.avsc"
before=$(high_watermarks "$topic")
expect_fail "record 1: .*contains itself" ks -c "produce $topic --generate-from $T/loop.avsc --count 3"
expect_fail "cannot read schema" ks -c "produce $topic --generate-from $T/missing.avsc"
expect_fail "drop --value-schema" ks -c "produce $topic --generate-from $schema --value-schema $schema"
expect_eq "$(high_watermarks "$topic")" "$before" "nothing produced by the bad runs"
done_ok
