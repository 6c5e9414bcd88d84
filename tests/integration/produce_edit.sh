# produce --edit with EDITOR set to a script that plays a planned session:
# a valid record after an invalid one (which reopens with the error), a
# quit without saving that sends nothing, and an Avro round trip.
. "$KS_TESTS/lib.sh"
require_real
topic=$(unique edit)
create_topic "$topic" 3 1

# The editor: step N of $T/plan says what to do with the file; each file it
# was given is kept as $T/seen.N.
cat >"$T/editor" <<'ED'
#!/bin/sh
n=$(($(cat "$EDSTATE" 2>/dev/null || echo 0) + 1))
echo "$n" >"$EDSTATE"
cp "$1" "$EDSTATE.seen.$n"
case "$(sed -n "${n}p" "$EDPLAN")" in
invalid) printf '{"key": "k", "value": {oops}}\n' >"$1" ;;
valid) printf '// a comment\n{"key": "k1", "value": {"a": 1.5, "b": "x"}, "headers": {"h": "v"}, "partition": 1}\n' >"$1" ;;
notenvelope) printf '{"hello": "world"}\n' >"$1" ;;
quit) : ;;
save-as-is) touch "$1"; sleep 0.01; cat "$1" >"$1.tmp"; mv "$1.tmp" "$1" ;;
fail) exit 3 ;;
set-s) python3 - "$1" <<'PY'
import json, sys
lines = [l for l in open(sys.argv[1]) if not l.lstrip().startswith("//")]
d = json.loads("".join(lines))
d["value"]["s"] = "edited"
open(sys.argv[1], "w").write(json.dumps(d, indent=2))
PY
;;
bad-enum) python3 - "$1" <<'PY'
import json, sys
lines = [l for l in open(sys.argv[1]) if not l.lstrip().startswith("//")]
d = json.loads("".join(lines))
d["value"]["color"] = "PURPLE"
open(sys.argv[1], "w").write(json.dumps(d))
PY
;;
esac
ED
chmod +x "$T/editor"
edit() { # PLAN-STEPS... -- kafscope command
    local steps=()
    while [ "$1" != -- ]; do steps+=("$1"); shift; done
    shift
    printf '%s\n' "${steps[@]}" >"$T/plan"
    rm -f "$T/state" "$T"/state.seen.*
    EDITOR="$T/editor" EDPLAN="$T/plan" EDSTATE="$T/state" VISUAL= ks "$@"
}

# 1. invalid, then valid: the second opening shows the error on top
before=$(high_watermarks "$topic")
out=$(edit invalid valid -- -c "produce $topic --edit")
expect_eq "$(cat "$T/state")" 2 "the editor opened twice"
expect_contains "$(head -1 "$T/state.seen.2")" "// error: invalid JSON at line 1, column" "error comment on top"
expect_contains "$(cat "$T/state.seen.2")" '{"key": "k", "value": {oops}}' "the invalid text is kept to fix"
expect_contains "$(cat "$T/state.seen.1")" '"partition": null' "a new record starts from an envelope"
read -r h0 h1 h2 <<<"$before"
expect_eq "$out" "produced to $topic partition 1 at offset $h1" "the result names partition and offset"
rec=$(kcat -b "$BOOTSTRAP" -C -t "$topic" -p 1 -o "$h1" -c 1 -e -q -f '%k|%s|%h\n')
expect_eq "$rec" 'k1|{"a":1.5,"b":"x"}|h=v' "the saved record, as kcat reads it"

# 2. quit without saving sends nothing, also after an error
before=$(high_watermarks "$topic")
out=$(edit quit -- -c "produce $topic --edit")
expect_contains "$out" "not saved: nothing was produced" "quit without saving"
out=$(edit notenvelope quit -- -c "produce $topic --edit")
expect_contains "$(head -1 "$T/state.seen.2")" "// error: not a record" "not an envelope reopens"
expect_contains "$out" "not saved: nothing was produced" "quit after an error"
expect_fail "the editor '.*' exited with status 3; nothing was sent" env EDITOR="$T/editor" EDPLAN=<(echo fail) EDSTATE="$T/state.f" VISUAL= ks -c "produce $topic --edit"
expect_eq "$(high_watermarks "$topic")" "$before" "nothing produced"

# 3. saving the starting record unchanged sends it (a save, not a quit)
out=$(edit save-as-is -- -c "produce $topic --edit --partition 0")
expect_contains "$out" "produced to $topic partition " "saved unchanged"

# 3b. --template gives the starting record (rendered once)
printf '{"key": "tk-{{int 5 5}}", "value": {"n": "{{seq}}"}}\n' >"$T/start.json"
out=$(edit save-as-is -- -c "produce $topic --edit --template $T/start.json --partition 2")
expect_contains "$(cat "$T/state.seen.1")" '"key": "tk-5"' "the template rendered into the editor"
expect_contains "$out" "produced to $topic partition 2 at offset" "the template record produced"
printf '["not an envelope"]' >"$T/arr.json"
expect_fail "expected a JSON object \(an envelope\)" ks -c "produce $topic --edit --template $T/arr.json"

# 4. Avro: start from a record of an Avro topic, change a field, the result
#    decodes with the schema; a value that does not fit reopens
schema=$KS_TESTS/data/all_types.avsc
av=$(unique eavro)
create_topic "$av" 1 1
ks -c "produce $av --generate-from $schema --seed 3" >/dev/null
out=$(edit set-s -- -c "decoder $av value avro $schema" -c "produce $av --edit --from 0:0")
expect_contains "$out" "produced to $av partition 0 at offset 1" "edited Avro record produced"
expect_contains "$(cat "$T/state.seen.1")" '"value_encoding": "avro"' "the Avro value shown as JSON"
diff=$(ks --json -c "tail $av --value-decoder avro:$schema" | python3 -c '
import json, sys
a, b = [json.loads(l) for l in sys.stdin]
assert "value_error" not in b
print(sorted(k for k in a["value"] if a["value"][k] != b["value"][k]), b["value"]["s"])')
expect_eq "$diff" "['s'] edited" "only the edited field changed, Avro-encoded"
out=$(edit bad-enum quit -- -c "decoder $av value avro $schema" -c "produce $av --edit --from 0:0")
expect_contains "$(head -1 "$T/state.seen.2")" "color: expected one of RED, GREEN, BLUE" "schema mismatch reopens with the field"
expect_contains "$out" "not saved" "then quitting sends nothing"
expect_eq "$(high_watermarks "$av")" 2 "no record from the mismatch"

# 5. Avro bytes holding a zero byte (\u0000 in the JSON shown) are edited
#    like any other record (they were once taken for "no record")
ks --json -c "tail $av --value-decoder avro:$schema --count 1" | python3 -c '
import json, sys
v = json.loads(sys.stdin.readline())["value"]
v["raw"] = "\u0000z"
print(json.dumps(v))' >"$T/nul.json"
ks -c "produce $av --value-schema $schema --file $T/nul.json" >/dev/null
out=$(edit set-s -- -c "decoder $av value avro $schema" -c "produce $av --edit --from 0:2")
expect_contains "$out" "produced to $av partition 0 at offset 3" "a record with a zero byte edited"
raw=$(ks --json -c "tail $av --value-decoder avro:$schema --offset 3 --count 1" | python3 -c '
import json, sys
v = json.loads(sys.stdin.readline())["value"]
print(repr(v["raw"]), v["s"])')
expect_eq "$raw" "'\x00z' edited" "the zero byte kept, the edit made"

expect_fail "--from: expected PARTITION:OFFSET" ks -c "produce $topic --edit --from 7"
expect_fail "has no record at partition 0 offset 999" ks -c "produce $topic --edit --from 0:999"
done_ok
