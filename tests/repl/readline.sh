# The REPL on a terminal (tmux): prompt with the cluster name, typing,
# Tab completion of a command and a topic name, Ctrl-C cancelling a line,
# history recalled after a restart, the typed-name delete confirmation,
# Ctrl-D exiting.
. "$KS_TESTS/lib.sh"
command -v tmux >/dev/null || { echo "skipped: tmux not installed"; exit 77; }
topic=$(unique replzq)
create_topic "$topic" 2 1
export HOME=$T/home
mkdir -p "$HOME"
unset XDG_DATA_HOME
SOCK=$T/tmux.sock
tm() { tmux -S "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT

start_repl() {
    tm kill-server 2>/dev/null || true
    # tmux's server occasionally fails to start on a loaded machine: retry
    for _ in 1 2 3; do
        tm -f /dev/null new-session -d -s k -x 160 -y 50 \
            "HOME='$HOME' '$KAFSCOPE' -b '$BOOTSTRAP' --repl; echo REPL-EXITED-\$?; sleep 30" && break
        sleep 0.5
    done
    wait_screen "kafscope ($BOOTSTRAP)> " "the prompt with the cluster name"
}
screen() { tm capture-pane -t k -p -J -S -200; }
wait_screen() { # TEXT WHAT
    for _ in $(seq 1 150); do
        case "$(screen)" in *"$1"*) pass; return 0 ;; esac
        sleep 0.1
    done
    fail "$2: '$1' not on the screen:
$(screen)"
}
last_line() { screen | grep -v "^$" | tail -n1 | sed "s/ *$//"; }
wait_prompt() { # the prompt is the last line again: the command has finished
    for _ in $(seq 1 300); do
        [ "$(last_line)" = "kafscope ($BOOTSTRAP)>" ] && { pass; return 0; }
        sleep 0.1
    done
    fail "the prompt did not come back:
$(screen)"
}

start_repl
# typing a command
tm send-keys -t k "brokers" Enter
wait_screen "127.0.0.1" "brokers output"
# completing a command: 'topic cr' + Tab -> 'topic create '
tm send-keys -t k "topic cr" Tab
wait_screen "> topic create " "command completed"
tm send-keys -t k C-u
# completing a topic name from the live model: unique prefix
tm send-keys -t k "topic describe ${topic%-*}" Tab
wait_screen "> topic describe $topic " "topic name completed"
tm send-keys -t k Enter
wait_screen "Partitions           2" "completed command ran"
# Ctrl-C cancels the line being typed: it does not run
tm send-keys -t k "topic delete $topic --yes"
wait_screen "> topic delete $topic --yes" "line typed"
tm send-keys -t k C-c
sleep 0.5
expect_eq "$(last_line)" "kafscope ($BOOTSTRAP)>" "fresh prompt after Ctrl-C"
tm send-keys -t k Enter
sleep 1
expect_contains "$(ks -c topics)" "$topic" "the cancelled delete did not run"
# a second Ctrl-C at the prompt does not kill the REPL
tm send-keys -t k C-c
sleep 0.3
tm send-keys -t k C-c
sleep 0.3
tm send-keys -t k "help group join" Enter
wait_screen "usage: group join GROUP" "REPL alive after Ctrl-C"

# delete confirmation: a wrong name refuses, the right name deletes
tm send-keys -t k "topic delete $topic" Enter
wait_screen "Type '$topic' to confirm: " "asks for the name"
tm send-keys -t k "wrong" Enter
wait_screen "not confirmed; nothing was deleted" "wrong name refused"
expect_contains "$(ks -c topics)" "$topic" "still there"
tm send-keys -t k "topic delete $topic" Enter
sleep 0.5
tm send-keys -t k "$topic" Enter
wait_screen "Deleted topic $topic" "deleted after typing the name"
expect_not_contains "$(ks -c topics)" "$topic" "gone"
# Ctrl-D exits
tm send-keys -t k C-d
wait_screen "REPL-EXITED-0" "Ctrl-D exits with status 0"

# history: in a file with mode 0600, recalled after a restart
hist=$HOME/.local/share/kafscope/history
expect_eq "$(stat -c %a "$hist")" 600 "history file mode"
expect_contains "$(cat "$hist")" "help group join" "history written"
expect_not_contains "$(cat "$hist")" "wrong" "confirmation answers are not history"
expect_not_contains "$(cat "$hist")" "--yes" "cancelled lines are not history"
start_repl
tm send-keys -t k Up
wait_screen "> topic delete $topic" "Up recalls the last command of the previous session"
tm send-keys -t k Up
wait_screen "> help group join" "older history"
tm send-keys -t k C-u C-d
wait_screen "REPL-EXITED-0" "exit"
# capped size
for i in $(seq 1 1100); do echo "brokers $i"; done >"$hist"
start_repl
tm send-keys -t k "topics" Enter
# Ctrl-D once the prompt is back, as a person would: under load the listing takes a while
wait_screen "UNDER-REPLICATED" "topics output"
wait_prompt
tm send-keys -t k C-d
wait_screen "REPL-EXITED-0" "exit"
expect_eq "$(wc -l <"$hist")" 1000 "history capped at 1000 entries"
expect_eq "$(tail -n1 "$hist")" "topics" "newest kept"

# SIGTERM at the prompt ends the REPL (it is not a Ctrl-C that only drops
# the line), within about a second
start_repl
pane_shell=$(tm list-panes -t k -F '#{pane_pid}')
repl_pid=$(cat "/proc/$pane_shell/task/$pane_shell/children")
[ -n "$repl_pid" ] || fail "no kafscope process under the pane's shell"
kill -TERM $repl_pid
for _ in $(seq 1 20); do
    case "$(screen)" in *REPL-EXITED-*) break ;; esac
    sleep 0.1
done
case "$(screen)" in
*REPL-EXITED-*) pass ;;
*) fail "the REPL still runs 2 s after SIGTERM:
$(screen)" ;;
esac
done_ok
