# Tab on the ':' command line completes a command name, a topic name from
# the live model, and with several matches Tab Tab lists them above the line.
. "$KS_E2E/cmdline_lib.sh"
topic=$(test_topic cm 2)
cmdline_start
open_line

# Tab completes a command name...
type_text bro
keys Tab
wait_line ":brokers"
keys Enter
wait_for "brokers  (1/"
# ...and a topic name from the live model (a unique prefix).
prefix=${topic%-*}
[ "$TARGET" = embedded ] && prefix=playgr
type_text "topic describe $prefix"
keys Tab
wait_line ":topic describe $topic"
keys Enter
wait_for "topic describe $topic  (1/"
# Several matches: Tab Tab lists them above the line; typing goes on.
type_text "group reset g --to-"
keys Tab Tab
wait_for "--to-earliest"
wait_for "--to-latest"
type_text "e"
keys Tab
wait_line ":group reset g --to-earliest"
wait_gone "--to-latest"
keys C-u
esc
esc
quit_by_command
done_ok
