# The ':' command line runs a typed command: ':' opens the line (GNU
# readline inside curses), Enter runs `topics`, its output overlay lists the
# test's topic and the notification line says it ran; `quit` ends kafscope.
. "$KS_E2E/cmdline_lib.sh"
topic=$(test_topic cm 2)
cmdline_start

open_line
wait_line ":"
run_line topics
wait_for "topics  (1/"
wait_for "$topic"
wait_for "ran: topics"
esc
esc
quit_by_command
done_ok
