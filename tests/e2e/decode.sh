# Decoding in the TUI: a JSON value is compact on one line in the messages
# pane and pretty-printed with syntax colours (the json.key slot) in the
# detail view; a binary value is escaped in the pane and a hex dump in the
# detail view; a key its configured decoder (json) refuses is marked "!"
# in the pane, shown raw, and the detail view gives the decoder's reason.
. "$KS_TESTS/lib.sh"
. "$KS_E2E/tui_lib.sh"
topic=$(test_topic dec 1)
# wide enough for the whole JSON value in the value column
COLS=200
tui_start -- -X "decoder.$topic.key=json"
select_topic "$topic"
wait_for "Messages of $topic ("
wait_for "— following"

m="dk$$x$RANDOM"
# spaces and a tab in the bytes: the pane shows the compact form
printf '{ "%s" : "sv-%s",\t"n": 42, "ok": true, "none": null }' "$m" "$m" |
    kcat -P -b "$BOOTSTRAP" -t "$topic" -k "{\"id\":$$}"
wait_for "{\"$m\":\"sv-$m\",\"n\":42,\"ok\":true,\"none\":null}" 50
expect_contains "$(screen)" "{\"id\":$$}" "JSON key decoded"

# detail view: pretty-printed, key slot coloured
open_record "$topic" "sv-$m"
wait_for "Value: JSON"
wait_for "\"$m\": \"sv-$m\","
wait_for "\"n\": 42,"
esc=$(screen_esc)
line=$(echo "$esc" | grep -F "\"$m\"" | head -n1)
# the SGR sequence(s) right before the key and before its string value
key_sgr=$(echo "$line" | sed -n "s/.*\(\(\x1b\[[0-9;]*m\)\{1,\}\)\"$m\".*/\1/p" | cat -v)
val_sgr=$(echo "$line" | sed -n "s/.*\(\(\x1b\[[0-9;]*m\)\{1,\}\)\"sv-$m\".*/\1/p" | cat -v)
echo "key: $key_sgr value: $val_sgr"
[ -n "$key_sgr" ] || fail "no colour escape before the JSON key:
$(echo "$line" | cat -v)"
echo "$key_sgr" | grep -qE '\[([0-9;]*;)?(3[0-7]|9[0-7]|38;5;[0-9]+)(;[0-9;]*)?m' ||
    fail "the JSON key has no foreground colour: $key_sgr"
[ -n "$val_sgr" ] && [ "$val_sgr" != "$key_sgr" ] ||
    fail "JSON key and string value are not coloured apart: '$key_sgr' vs '$val_sgr'"
pass
close_record "Value: JSON"

# binary: escaped in the pane, a hex dump in the detail view; a key the
# json decoder refuses is marked and explained
printf 'BIN\x00\x01\x02\xfe\xffbin-%s' "$m" | kcat -P -b "$BOOTSTRAP" -t "$topic" -k "nj$$"
wait_for "BIN\\x00\\x01\\x02\\xFE\\xFFbin-$m" 50
row=$(screen | grep -F "BIN\\x00")
expect_contains "$row" "! nj$$ " "refused key marked with !"
open_record "$topic" "bin-$m"
wait_for "Value: binary, $((12 + ${#m})) bytes (hex dump)"
wait_for "42 49 4e 00 01 02 fe ff"
wait_for "Key: NOT DECODED"
wait_for "json: invalid JSON at byte"
close_record "Value: binary"
tui_quit
done_ok
