# History of the ':' command line: the next session recalls the commands
# with Up and Ctrl-R (the shared file, mode 0600).
. "$KS_E2E/cmdline_lib.sh"
topic=$(test_topic cm 2)
cmdline_start
open_line
run_line "topic describe $topic"
wait_for "topic describe $topic  (1/"
run_line "produce $topic --file -"
wait_for "standard input is the terminal"
esc
esc
quit_by_command

hist=$home/.local/share/kafscope/history
[ -f "$hist" ] || fail "no history file at $hist"
expect_eq "$(stat -c %a "$hist")" "600" "history file mode"
expect_contains "$(cat "$hist")" "topic describe $topic" "history file"
tui_start HOME="$home" XDG_DATA_HOME=
wait_for "$HINT"
open_line
keys Up
wait_line ":quit"
keys Up
wait_line ":produce $topic --file -"
keys C-u
keys C-r
type_text "describe"
wait_line "(reverse-i-search)\`describe': topic describe $topic"
keys Enter
wait_for "topic describe $topic  (1/"
esc
esc
quit_by_command
done_ok
