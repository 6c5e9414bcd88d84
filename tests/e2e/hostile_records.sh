# Hostile records (issue 24, item 4) in the TUI: the Messages pane and the
# detail view (Enter) show an 8 MiB value, 10,000 headers, JSON nested
# 100,000 deep, a recursive Avro schema's value 100,000 nodes deep and a key
# with NUL bytes, invalid UTF-8 and an escape sequence, each within the
# usual waits, saying what they cut, with kafscope's peak memory bounded and
# no sanitizer report. The same records through tail and produce:
# tests/integration/hostile_records.sh.
. "$KS_TESTS/lib.sh"
. "$KS_E2E/tui_lib.sh"
# The 8 MiB record needs a topic with max.message.bytes raised, and the
# embedded cluster cannot create topics from outside.
require_real
. "$KS_TESTS/hostile_lib.sh"
topic=$(unique hos)
av=$(unique hosav)
create_topic "$topic" 1 1 "max.message.bytes=$HOSTILE_MAXB"
create_topic "$av" 1 1
write_hostile "$topic" "$av"
# and one more for the detail view: JSON just under its 256 KiB bound that
# pretty-prints to 127,013 lines (one realloc per line made it hang for
# minutes; it must open within the usual 10 s wait)
python3 -c 'import sys; sys.stdout.write("[" + ",".join(["1"] * 127000) + "]")' >"$T/wide.json"
kcat -P -b "$BOOTSTRAP" -t "$topic" -k widekey "$T/wide.json"

# wide enough for the cut notes on one row
COLS=160
ROWS=45
# ASan's quarantine of freed blocks (256 MiB by default) would count in the
# RSS: a small one keeps use-after-free detection and leaves kafscope's own.
tui_start "ASAN_OPTIONS=${ASAN_OPTIONS:-}:quarantine_size_mb=16" -- \
    -X "'decoder.$av.value=avro $T/node.avsc'"

# kafscope's peak RSS (KiB), from the process the pane's shell started
kpid=$(pgrep -P "$(tm display -p '#{pane_pid}')" | head -n1)
[ -n "$kpid" ] || fail "kafscope's pid not found"
hwm() { awk '/^VmHWM:/ {print $2}' "/proc/$kpid/status"; }
base=$(hwm)
echo "peak RSS after the first draw: $base KiB"
# the peak after each step, in the log: which record costs what
mark() { echo "peak RSS after $1: $(hwm) KiB"; }

select_topic "$topic"
wait_for "Messages of $topic (6)" 150
wait_for "— following"
mark "reading the topic"

# --- the Messages pane: one row each, nothing raw ------------------------
rows=$(screen)
expect_contains "$(echo "$rows" | grep ' big ')" '{"big":"xxxxxxxx' "8 MiB value: its start on one row"
# 10,000 headers: the H column says 10k, not a count cut to "10"
expect_contains "$(echo "$rows" | grep ' hdrs ')" ' 10k hdrs-value' "header count of 10,000"
expect_contains "$(echo "$rows" | grep ' deep ')" '[[[[[[[[[[' "deep JSON as text"
# the key's bytes escaped (the key column is cut to its width)
expect_contains "$(echo "$rows" | grep 'nulkey-value')" 'n\x00ul\xFF\xFE\e[' "hostile key escaped"

# --- the detail view ------------------------------------------------------
open_record "$topic" "big"
wait_for "Value: JSON, $HOSTILE_BIG bytes (over 256 KiB: the start shown as text, not pretty-printed)"
keys G
wait_for "... value cut at 256 KiB of 8192 KiB ($((HOSTILE_BIG - 256 * 1024)) bytes not shown; \`tail --json\` has it whole)"
close_record "Value: JSON"
mark "the 8 MiB value"

open_record "$topic" "hdrs-value"
wait_for "Headers: 10000"
wait_for "h1 = v1"
keys G
wait_for "h1000 = v1000"
wait_for "... 9000 more headers not shown (the first 1000 are; \`tail --json\` has them all)"
expect_not_contains "$(screen)" "h1001 = " "headers past the first 1000 listed"
wait_for "hdrs-value"
close_record "Headers: 10000"
mark "10,000 headers"

open_record "$topic" "deep"
wait_for "Value: text, 200000 bytes"
keys G
wait_for "json: nested deeper than 2048 levels at byte"
close_record "json: nested deeper"
mark "deep JSON"

open_record "$topic" "nulkey-value"
wait_for "Key: binary, 15 bytes (hex dump)"
wait_for "6e 00 75 6c ff fe 1b 5b  33 31 6d 6b 65 79 00"
close_record "Key: binary"
mark "the hostile key"

open_record "$topic" "widekey"
wait_for "Value: JSON, 254001 bytes (pretty-printed)"
wait_for "(1/127013, Esc closes)"
keys G
wait_for "(126974/127013, Esc closes)" # the last page: 40 rows of 45 less its frame
close_record "Value: JSON"
mark "127,013 lines of JSON"

# --- Avro of a recursive schema --------------------------------------------
keys 2
keys Escape # clears the topics filter of the first topic
wait_gone "filter:$topic"
select_topic "$av"
wait_for "Messages of $av (2)" 150
mark "reading the Avro topic"
rows=$(screen)
expect_contains "$(echo "$rows" | grep avshallow)" '{"v":1,"next":{"v":2,"next":{"v":3,' \
    "a short list decoded"
expect_contains "$(echo "$rows" | grep avdeep)" '! \x02\x02\x02' "the deep list refused, shown raw"
open_record "$av" "avdeep"
wait_for "Value: NOT DECODED, 200000 bytes (shown raw, hex dump)"
wait_for "(Node): nested deeper than 200 levels"
mark "opening deep Avro"
keys G
wait_for "|................|"
close_record "Value: NOT DECODED"
mark "deep Avro"
open_record "$av" "avshallow"
wait_for "Value: Avro, 6 bytes, Node (decoded by avro"
wait_for '"v": 3,'
close_record "Value: Avro"
mark "short Avro"

# --- peak memory ------------------------------------------------------------
# The 8 MiB record is held in the tail's ring and was in librdkafka's fetch
# buffer, the worker's compact-JSON scratch and its sanitized line (cut to
# 1000 columns only after): about five copies, 40 MiB. The 127,013-line
# detail view is as many small blocks, about 32 MiB with ASan's redzones.
# The bound, 12 copies of 8 MiB plus 32 MiB (128 MiB), leaves room for the
# allocator and fails on a copy per redraw, a tree of the whole value, or
# the viewer's old growth (312 MiB and climbing on the 127,013 lines).
peak=$(hwm)
budget=$((12 * HOSTILE_BIG / 1024 + 32 * 1024))
echo "peak RSS at the end: $peak KiB (+$(((peak - base) / 1024)) MiB, bound +$((budget / 1024)) MiB)"
[ "$peak" -le $((base + budget)) ] || fail "peak RSS $peak KiB is over $base KiB + $budget KiB"
pass

tui_quit
done_ok
