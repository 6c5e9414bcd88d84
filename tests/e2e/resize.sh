# Resizing: to 40x10 shows "terminal too small", 80x24 collapses to one
# pane with a tab bar, and back to 120x40 shows every pane again.
. "$KS_TESTS/lib.sh"
. "$KS_E2E/tui_lib.sh"
tui_start
wait_for "5 Messages"
tm resize-window -x 40 -y 10
wait_for "terminal too small: 40x10"
wait_gone "1 Brokers"
tm resize-window -x 80 -y 24
wait_gone "terminal too small"
wait_for " 1 Brokers  2 Topics  3 Partitions  4 Groups  5 Messages"
wait_for "┌ 2 Topics ("
keys 5
wait_for "┌ 5 Messages of"
expect_eq "$(screen | wc -l)" 24 "screen rows at 80x24"
keys 2
tm resize-window -x 120 -y 40
for pane in "1 Brokers" "2 Topics" "3 Partitions" "4 Groups" "5 Messages"; do
    wait_for "┌ $pane"
done
expect_eq "$(screen | wc -l)" 40 "screen rows at 120x40"
expect_contains "$(screen | tail -n1)" ": command" "command line row at the bottom"
tui_quit
done_ok
