# Generated and edited records through a real Schema Registry: --generate-from
# with --value-subject registers the schema and frames every record with its
# id; --value-subject alone generates from the subject's latest schema; a
# framed record edited in $EDITOR goes back framed with the same id.
. "$KS_TESTS/lib.sh"
: "${REGISTRY_URL_FILE:?}"
R=$(cat "$REGISTRY_URL_FILE")
printf '#!/bin/sh\nexec ks -X "schema.registry.url=%s" "$@"\n' "$R" >"$T/bin/kr"
chmod +x "$T/bin/kr"
schema=$KS_TESTS/data/all_types.avsc
topic=$(unique greg)
subject="$topic-value"
create_topic "$topic" 1 1

kr -c "produce $topic --generate-from $schema --value-subject $subject --count 20" >/dev/null
id=$(curl -fsS "$R/subjects/$subject/versions/latest" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
kr -c "produce $topic --value-subject $subject --count 5 --rate 50" >/dev/null
check=$(kr --json -c "tail $topic" | python3 -c '
import json, sys, base64
recs = [json.loads(l) for l in sys.stdin]
bad = [r["offset"] for r in recs if "value_error" in r or r.get("value_encoding") != "avro"]
frames = {(base64.b64decode(r["value_raw"])[0], int.from_bytes(base64.b64decode(r["value_raw"])[1:5], "big")) for r in recs}
print(len(recs), bad, frames, {r["value_schema_id"] for r in recs})')
expect_eq "$check" "25 [] {(0, $id)} {$id}" "generated records are framed with the registered id and decode"

# the editor: a framed record comes back framed, with the edit
cat >"$T/editor" <<'ED'
#!/bin/sh
cp "$1" "$1.seen" && cp "$1" "$SEEN"
python3 - "$1" <<'PY'
import json, sys
lines = [l for l in open(sys.argv[1]) if not l.lstrip().startswith("//")]
d = json.loads("".join(lines))
d["value"]["s"] = "edited via the registry"
open(sys.argv[1], "w").write(json.dumps(d, indent=2))
PY
ED
chmod +x "$T/editor"
out=$(EDITOR="$T/editor" SEEN="$T/seen" VISUAL= kr -c "produce $topic --edit --from 0:3")
expect_contains "$out" "produced to $topic partition 0 at offset 25" "edited record produced"
expect_contains "$(cat "$T/seen")" "\"value_schema_id\": $id" "the editor shows the schema id"
check=$(kr --json -c "tail $topic --offset 3 --count 1" -c "tail $topic --offset 25" | python3 -c '
import json, sys
a, b = [json.loads(l) for l in sys.stdin]
print(b["value_schema_id"], b["value"]["s"], sorted(k for k in a["value"] if a["value"][k] != b["value"][k]))')
expect_eq "$check" "$id edited via the registry ['s']" "framed with the same id, only the edit changed"
done_ok
