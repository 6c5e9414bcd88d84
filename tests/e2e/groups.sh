# Consumers joining a group from other processes (kcat -G) show up in the
# groups pane with their assignment; when a second one joins, the map
# changes and the rebalance is logged. Needs a real broker (the embedded
# mock cannot list groups).
. "$KS_TESTS/lib.sh"
require_real
. "$KS_E2E/tui_lib.sh"
topic=$(unique gr)
group=$(unique g)
create_topic "$topic" 4 1
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; tui_cleanup' EXIT
consumer() { # CLIENT_ID
    kcat -b "$BOOTSTRAP" -G "$group" -X client.id="$1" -X session.timeout.ms=6000 \
        -X heartbeat.interval.ms=500 "$topic" >/dev/null 2>&1 &
    pids+=($!)
}
# owned COUNT_PATTERN MEMBER: how many partitions the member's map row shows.
owned() {
    screen | grep -F "$1 ·" | head -n1 | grep -oE '●|◆' | wc -l
}
wait_owned() { # MEMBER COUNT
    for _ in $(seq 1 300); do
        [ "$(owned "$1")" = "$2" ] && { pass; return 0; }
        sleep 0.1
    done
    fail "$1 should own $2 partitions in the map:
$(screen)"
}

tui_start
select_topic "$topic"
consumer c1
wait_for "$group" 300
wait_for "Assignment of $group" 100
# The selected row (the group, maybe cut to the column) shows its TYPE.
for _ in $(seq 1 100); do
    screen | grep -qE "▸g-[0-9-]* +Stable +classic +1 " && break
    sleep 0.1
done
screen | grep -qE "▸g-[0-9-]* +Stable +classic +1 " || fail "groups pane: TYPE classic of a kcat -G group:
$(screen)"
pass
wait_owned c1 4

consumer c2
wait_for "c2 ·" 300
wait_owned c2 2
wait_owned c1 2
wait_for "#1 2 members (+c2" 50
# What moved is marked, not only coloured.
expect_contains "$(screen)" "◆" "moved partitions marked"
# The partitions pane shows the group's committed offsets and lag.
wait_for "offsets of group $group" 50
wait_for "COMMITTED"

# The second consumer leaves: everything goes back to c1.
kill "${pids[1]}"
wait_owned c1 4
wait_gone "c2 ·" 100
tui_quit
done_ok
