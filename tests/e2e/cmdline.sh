# The ':' command line (GNU readline inside curses): typing and running a
# command, its output and the panes showing the effect, Tab completion of a
# command and a topic name, Ctrl-C and Esc cancelling, errors in the error
# colour with a hint, `tail` switching the Messages pane, the typed-name
# confirmation of topic delete (real broker), and history recalled with Up
# and Ctrl-R in the next session (shared file, mode 0600).
. "$KS_TESTS/lib.sh"
. "$KS_E2E/tui_lib.sh"
topic=$(test_topic cm 2)
home=$T/home
mkdir -p "$home"
HINT=": command   / filter"

# The bottom row is the command line.
last_line() { screen | tail -n1 | sed 's/ *$//'; }
wait_line() { # TEXT: the command line shows TEXT
    for _ in $(seq 1 100); do
        case "$(last_line)" in *"$1"*) pass; return 0 ;; esac
        sleep 0.1
    done
    fail "command line is not '$1': '$(last_line)'
$(screen)"
}
open_line() {
    keys :
    wait_gone "$HINT"
}
# A line typed and run; the output overlay is titled with the line.
run_line() {
    type_text "$1"
    keys Enter
}
# Esc is also readline's meta prefix: a lone Esc (nothing within 50 ms)
# closes the line. Pause so the next key is not taken as part of it.
esc() {
    keys Escape
    sleep 0.3
}
quit_by_command() {
    open_line
    run_line quit
    wait_for "EXIT=" 150
    expect_contains "$(screen)" "EXIT=0" "kafscope exit status"
    if grep -qE "AddressSanitizer|LeakSanitizer|runtime error" "$T/stderr"; then
        fail "sanitizer report on stderr: $(cat "$T/stderr")"
    fi
    pass
}

tui_start HOME="$home" XDG_DATA_HOME=
wait_for "connected"
wait_for "$HINT"

# ':' opens the line; typing and Enter runs `topics`; the output shows.
open_line
wait_line ":"
run_line topics
wait_for "topics  (1/"
wait_for "$topic"
wait_for "ran: topics"

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

# An unknown command: the error, in the error colour, with a hint.
run_line frobnicate
wait_for "error: unknown command 'frobnicate'"
wait_for "hint: \`help\` lists the commands"
screen_esc | grep -F "error: unknown command 'frobnicate'" | grep -qE '(\[|;)41m' ||
    fail "the error is not in the error colour:
$(screen_esc | grep -F "error: unknown" | cat -v)"
pass
# A wrong option: the hint names the command's help.
run_line "topic create x --partitons 3"
wait_for "unknown option '--partitons'"
wait_for "hint: \`help topic create\` shows its usage"

# topic create: the real broker creates it and the topics pane lists it at
# once; kafscope reached with -b cannot create topics on the embedded
# fixture (`kafscope cluster`) and says so in the error colour.
new=$(unique c)
run_line "topic create $new --partitions 2"
if [ "$TARGET" = real ]; then
    wait_for "Created topic $new"
    esc
    wait_for "$HINT"
    esc
    select_topic "$new"
    row=$(screen | grep -E "$new +2 +1 " || true)
    [ -n "$row" ] || fail "topics pane does not list $new with 2 partitions:
$(screen)"
    pass
else
    wait_for "not supported by the embedded demo cluster"
    screen_esc | grep -F "error: not supported by the embedded" | grep -qE '(\[|;)41m' ||
        fail "the embedded refusal is not in the error colour"
    pass
    esc
    wait_for "$HINT"
    esc
fi

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

# tail from the command line switches the Messages pane to the topic.
open_line
run_line "tail $topic"
wait_for "Messages of $topic"
wait_for "tail: the Messages pane follows $topic"
# A produced record shows in the tail; stdin (the terminal) is refused.
run_line "produce $topic hello-from-the-command-line"
wait_for "ran: produce $topic"
wait_for " 0 hello-from-the-command-lin" 150
run_line "produce $topic --file -"
wait_for "standard input is the terminal"
esc
wait_for "$HINT"
esc

# Typed-name confirmation of topic delete (the real broker).
if [ "$TARGET" = real ]; then
    open_line
    run_line "topic delete $new"
    wait_line "Type '$new' to confirm:"
    wait_for "This deletes"
    run_line "wrong"
    wait_for "not confirmed; nothing was deleted"
    expect_contains "$(ks -c topics)" "$new" "a wrong answer deletes nothing"
    run_line "topic delete $new"
    wait_line "Type '$new' to confirm:"
    run_line "$new"
    wait_for "ran: topic delete $new"
    for _ in $(seq 1 50); do
        ks -c topics | grep -qF "$new" || break
        sleep 0.2
    done
    expect_not_contains "$(ks -c topics)" "$new" "confirmed delete removed the topic"
    esc
    esc
fi
quit_by_command

# History: the next session recalls the commands with Up and Ctrl-R.
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
if [ "$TARGET" = real ]; then
    wait_line ":topic delete $new"
else
    wait_line ":produce $topic --file -"
fi
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
