# p in the Topics pane writes a new record in $EDITOR, p in the Messages
# pane edits the selected one: curses is suspended around the editor and
# restored after, and the status line shows where the record went.
. "$KS_TESTS/lib.sh"
require_real
. "$KS_E2E/tui_lib.sh"
topic=$(test_topic pe 2)

# A non-interactive editor: the first time it writes a record, the second
# time it changes the value of what it was given.
cat >"$T/editor" <<'ED'
#!/bin/sh
n=$(($(cat "$EDSTATE" 2>/dev/null || echo 0) + 1))
echo "$n" >"$EDSTATE"
cp "$1" "$EDSTATE.seen.$n"
if [ "$n" = 1 ]; then
    printf '{"key": "tui-key", "value": {"v": 1}, "partition": 1}\n' >"$1"
else
    sed 's/"v": 1/"v": 2/' "$1" >"$1.new" && mv "$1.new" "$1"
fi
ED
chmod +x "$T/editor"

tui_start VISUAL= EDITOR="$T/editor" EDSTATE="$T/state"
select_topic "$topic"
keys p
wait_for "produced to $topic partition 1 at offset 0" 200
expect_not_contains "$(screen)" 'offset 0\n' "the status line shows no escaped newline"
wait_for "1 Brokers" # the screen is back
expect_contains "$(cat "$T/state.seen.1")" '"partition": null' "a new record from the Topics pane"

keys 5
wait_for "tui-key" 200
keys p
wait_for "produced to $topic partition 1 at offset 1" 200
expect_contains "$(cat "$T/state.seen.2")" '"key": "tui-key"' "the Messages pane starts from the selected record"
got=$(kcat -b "$BOOTSTRAP" -C -t "$topic" -p 1 -o 1 -c 1 -e -q -f '%k %s\n')
expect_eq "$got" 'tui-key {"v":2}' "the edited record"
tui_quit
done_ok
