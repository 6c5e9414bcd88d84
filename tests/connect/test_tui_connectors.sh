# The TUI's Connectors pane against a real Connect worker, driven in tmux: it appears only with
# a Connect URL, shows each connector's state in words and a failed task's count, follows
# changes by itself, Enter shows the describe view with the failed task's trace, `i` explains,
# the command line completes connector names, and a pause typed there shows up in the pane.
# Records the source wrote with JsonConverter show their payload, and the schema in the detail.
. "$KS_TESTS/lib.sh"
. "$KS_E2E/tui_lib.sh"
URL=$(cat "$CONNECT_URL_FILE")

topic=$(unique tuic)
create_topic "$topic" 1
: >"$T/in.txt"
src=a1src-$$
bad=a0bad-$$
printf '{"name": "%s", "config": {"connector.class": "FileStreamSource", "file": "%s/in.txt", "topic": "%s"}}' \
    "$src" "$T" "$topic" >"$T/src.json"
printf '{"connector.class": "FileStreamSink", "topics": "%s", "file": "%s/no-dir/out.txt"}' \
    "$topic" "$T" >"$T/bad.json"
ks --connect "$URL" -c "connector create $src --file $T/src.json" -c "connector create $bad --file $T/bad.json" >/dev/null
cleanup() {
    ks --connect "$URL" -c "connector delete $src --yes" -c "connector delete $bad --yes" >/dev/null 2>&1 || true
    tui_cleanup
}
trap cleanup EXIT

# Without a Connect URL there is no Connectors pane.
tui_start
expect_not_contains "$(screen)" "Connectors" "no pane without a Connect URL"
tui_quit

tui_start -- --connect "$URL"
wait_for "6 Connectors" 100
wait_for "$src" 300
# The failing sink's task shows up as failed without any key pressed (auto-refresh).
for _ in $(seq 1 300); do
    screen | grep -F "$bad" | grep -qE '0/1 +1' && break
    sleep 0.2
done
expect_contains "$(screen | grep -F "$bad")" "RUNNING" "the connector's state in words"
screen | grep -F "$bad" | grep -qE '0/1 +1' || fail "the failed task is not counted:
$(screen)"
pass
expect_contains "$(screen | grep -F "$src")" "RUNNING" "source RUNNING"

# Enter on the failed sink (sorted first: a0bad < a1src, before the other tests' connectors) opens describe with the trace.
keys 6
keys g
keys Enter
wait_for "Trace of task 0 (FAILED):" 150
wait_for "no-dir"
keys Escape
wait_gone "Trace of task 0"

# i explains (the box shows as much as the pane's height allows; the help has it all).
keys i
wait_for "Kafka Connect moves data between Kafka and" 50
keys i
wait_gone "Kafka Connect moves data between Kafka and"

# The command line completes connector names, then runs a pause; the pane follows.
keys :
type_text "connector pause ${src%?}"
keys Tab
wait_for "connector pause $src" 50
keys Enter
wait_for "pause requested" 100
keys Escape # closes the command line
sleep 0.5
keys Escape # dismisses its output
wait_gone "pause requested"
for _ in $(seq 1 300); do
    screen | grep -F "$src" | grep -q PAUSED && break
    sleep 0.2
done
expect_contains "$(screen | grep -F "$src")" "PAUSED" "the pane shows PAUSED"

# The source writes with Connect's JsonConverter (schemas.enable=true): the messages pane shows
# the payload, the detail view the payload and the Connect schema below it.
ks --connect "$URL" -c "connector resume $src" >/dev/null
echo "hello $$ from a file" >>"$T/in.txt"
select_topic "$topic"
wait_for "\"hello $$ from a file\"" 300
expect_not_contains "$(screen | grep -F "hello $$")" '"payload"' "the pane shows the payload only"
keys 5
keys G
keys Enter
wait_for "Value: JSON from Kafka Connect (JsonConverter)" 50
wait_for "Connect schema"
wait_for "    string"
keys Escape
wait_gone "Connect schema"
tui_quit

done_ok
