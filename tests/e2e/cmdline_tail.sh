# `tail TOPIC` on the ':' command line switches the Messages pane to the
# topic; a record produced from the line shows there; `produce --file -` is
# refused (standard input is the terminal curses owns).
. "$KS_E2E/cmdline_lib.sh"
topic=$(test_topic cm 2)
cmdline_start

open_line
run_line "tail $topic"
wait_for "Messages of $topic"
wait_for "tail: the Messages pane follows $topic"
# A produced record shows in the tail; stdin (the terminal) is refused.
# The embedded cluster's playground gets other tests' records too: the
# Messages filter keeps ours, which the output overlay may otherwise hide.
marker=line-$$-$RANDOM
run_line "produce $topic hello-from-the-command-$marker"
wait_for "ran: produce $topic"
esc
esc
wait_for "$HINT"
keys 5 /
type_text "$marker"
keys Enter
wait_for "Messages of $topic (1)" 150
wait_for " 0 hello-from-the-command-lin"
keys c
wait_gone "— filter:"
open_line
run_line "produce $topic --file -"
wait_for "standard input is the terminal"
esc
wait_for "$HINT"
esc
quit_by_command
done_ok
