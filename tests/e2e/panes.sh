# The panes show the brokers, topics and partitions that exist.
. "$KS_TESTS/lib.sh"
. "$KS_E2E/tui_lib.sh"
topic=$(test_topic pn 3)
tui_start
wait_for "connected"
# Brokers: every broker the cluster reports, with its address.
brokers=$(kcat -b "$BOOTSTRAP" -L -m 5 2>/dev/null | sed -n 's/^ *broker \([0-9]*\) at \([^ ]*\).*/\1 \2/p')
[ -n "$brokers" ] || fail "kcat saw no brokers"
while read -r id addr; do
    wait_for "$addr"
done <<<"$brokers"
count=$(echo "$brokers" | wc -l)
wait_for "1 Brokers ($count)"
# Topics: ours is listed with its partition count (filtered: the shared test
# broker holds many topics by now, more than the pane shows at once).
select_topic "$topic"
row=$(screen | grep -F "$topic" | grep -E "$topic +3 +1 " || true)
[ "$TARGET" = embedded ] && row=$(screen | grep -E "playground +3 +3 " || true)
[ -n "$row" ] || fail "topics row with 3 partitions not found:
$(screen)"
pass
# Partitions of the selected topic: 0, 1, 2 and no more.
# Right-hand pane rows start right after the left pane's border: "││  0 ...".
parts=$(screen | grep -cE '(│|┘|┐)│ +[0-9]+ +[0-9]+ [0-9,!]+ +[0-9,]+ ' || true)
[ "$parts" -eq 3 ] || fail "expected 3 partition rows, got $parts:
$(screen)"
pass
# Explanations toggle, and the help overlay lists keys and commands.
keys i
wait_for "What am I looking at?"
keys i
wait_gone "What am I looking at?"
keys '?'
wait_for "Keys: everywhere"
keys G
wait_for "group describe"
keys Escape
wait_gone "Keys: everywhere"
tui_quit
done_ok
