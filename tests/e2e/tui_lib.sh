# Helpers for the TUI end-to-end tests (sourced after tests/lib.sh).
# Each test gets its own tmux server (socket ks-e2e-PID), killed on exit
# whatever happens. Every wait is a bounded poll of the screen.
if ! command -v tmux >/dev/null 2>&1; then
    echo "skipped: tmux is not installed (scripts/install-deps installs it)"
    exit 77
fi
# A fresh socket for every tui_start: a server just killed may still hold
# its old socket for a moment.
SOCK=ks-e2e-$$
SOCKS=()
printf 'set -g status off\nset -g history-limit 2000\nset -g default-terminal screen\n' >"$T/tmux.conf"
tm() { tmux -L "$SOCK" -f "$T/tmux.conf" "$@"; }
tui_cleanup() {
    for SOCK in "${SOCKS[@]}"; do
        tm kill-server 2>/dev/null || true
    done
    rm -rf "$T"
}
trap tui_cleanup EXIT

# tui_start [VAR=value...] [-- kafscope args...]: a shell in a 120x40 pane
# (or $COLS x $ROWS), running kafscope against the fixture. The shell stays
# after kafscope exits, so tests can look at how the terminal was left.
tui_start() {
    local envs=() args=()
    while [ $# -gt 0 ]; do
        case $1 in
        --) shift; args=("$@"); break ;;
        *) envs+=("$1"); shift ;;
        esac
    done
    SOCK=ks-e2e-$$-${#SOCKS[@]}
    SOCKS+=("$SOCK")
    tm new-session -d -x "${COLS:-120}" -y "${ROWS:-40}" "env -u NO_COLOR PS1='$ ' bash --norc --noprofile"
    local cmd="env ${envs[*]} $KAFSCOPE -b $BOOTSTRAP --timeout 10000 ${args[*]} 2>$T/stderr; echo \"EXIT\"=\$?"
    tm send-keys -l "$cmd"
    tm send-keys Enter
    wait_for "1 Brokers" 200 # first draw; ASan builds start slowly
}

screen() { tm capture-pane -p; }
screen_esc() { tm capture-pane -p -e; }

# wait_for TEXT [TRIES]: polls the screen every 0.1 s, TRIES times (default
# 100 = 10 s); fails with the screen when TEXT never shows.
wait_for() {
    local text=$1 tries=${2:-100}
    for _ in $(seq 1 "$tries"); do
        if screen | grep -qF -- "$text"; then
            pass
            return 0
        fi
        sleep 0.1
    done
    fail "'$text' did not appear on the screen:
$(screen)"
}

wait_gone() {
    local text=$1 tries=${2:-100}
    for _ in $(seq 1 "$tries"); do
        if ! screen | grep -qF -- "$text"; then
            pass
            return 0
        fi
        sleep 0.1
    done
    fail "'$text' stayed on the screen:
$(screen)"
}

keys() { tm send-keys "$@"; }
type_text() { tm send-keys -l "$1"; }

# select_topic NAME: focus the topics pane, filter by NAME, keep the filter.
select_topic() {
    keys 2
    keys /
    type_text "$1"
    keys Enter
    wait_for "Partitions of $1"
}

# Names are short so they fit the topics pane at 120 columns.
# A topic the test may write to: a fresh one on the real broker, the demo
# cluster's "playground" on the embedded one (it cannot create topics from
# outside).
test_topic() { # PREFIX PARTITIONS
    if [ "$TARGET" = real ]; then
        local name
        name=$(unique "$1")
        create_topic "$name" "$2" 1 >/dev/null
        echo "$name"
    else
        echo playground
    fi
}

# open_record TOPIC TEXT: in the messages pane, filter on TEXT (unique to
# this test's record) and open the one record left in the detail view.
# "The newest record" is not safe to assume: other tests write to the
# embedded cluster's shared playground at the same time, and records of
# several partitions arrive in fetch order. close_record undoes both.
open_record() {
    keys 5
    keys /
    type_text "$2"
    keys Enter
    wait_for "Messages of $1 (1)"
    keys Enter
}
close_record() { # TEXT-ON-THE-DETAIL-VIEW
    keys Escape
    wait_gone "$1"
    keys c
    wait_gone "— filter:"
}

# tui_quit: q, then the shell prints EXIT=<status>; kafscope must exit 0
# with nothing from the sanitizers on stderr.
tui_quit() {
    keys q
    wait_for "EXIT=" 150
    expect_contains "$(screen)" "EXIT=0" "kafscope exit status"
    if grep -qE "AddressSanitizer|LeakSanitizer|runtime error" "$T/stderr"; then
        fail "sanitizer report on stderr: $(cat "$T/stderr")"
    fi
    pass
}
