# A paced `produce --template` typed on the ':' line shows its running count
# in the notification line while it runs (through the log sink: nothing
# below ui prints), then its result.
. "$KS_E2E/cmdline_lib.sh"
topic=$(test_topic pg 1)
cmdline_start

open_line
run_line "produce $topic --template $KS_TESTS/../examples/pizza-order.json --count 30 --rate 10"
wait_for "delivered " 50
expect_contains "$(screen)" "failed 0" "the running count names failures"
wait_for "30 records produced to $topic" 100
esc
quit_by_command
done_ok
