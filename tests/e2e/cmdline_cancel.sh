# Ctrl-C and Esc on the ':' command line cancel the line being typed: it
# does not run, and the panes have the keys again.
. "$KS_E2E/cmdline_lib.sh"
topic=$(test_topic cm 2)
cmdline_start

# Ctrl-C cancels the line being typed: it does not run.
open_line
type_text "topic delete $topic --yes"
wait_line ":topic delete $topic --yes"
keys C-c
wait_for "$HINT"
sleep 0.5
expect_contains "$(ks -c topics)" "$topic" "the cancelled delete did not run"
# Esc cancels too, and the panes have the keys again.
open_line
type_text "brokers"
esc
wait_for "$HINT"
expect_not_contains "$(screen)" "brokers  (1/" "the cancelled line did not run"
keys i
wait_for "What am I looking at?"
keys i
wait_gone "What am I looking at?"
quit_by_command
done_ok
