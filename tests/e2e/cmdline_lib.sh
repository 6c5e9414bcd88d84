# Helpers for the ':' command line tests (cmdline_*.sh), which source only
# this file: it brings tests/lib.sh and tui_lib.sh. The bottom row is the
# command line.
. "$KS_TESTS/lib.sh"
. "$KS_E2E/tui_lib.sh"
HINT=": command   / filter"

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
# `quit` typed on the command line ends kafscope with status 0 and no
# sanitizer report.
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
# A session on its own HOME (the history file lives there).
cmdline_start() {
    home=$T/home
    mkdir -p "$home"
    tui_start HOME="$home" XDG_DATA_HOME=
    wait_for "connected"
    wait_for "$HINT"
}
