# Every way out restores the terminal: q, Ctrl-C and SIGTERM all leave the
# alternate screen, show the cursor and give the shell back a sane tty.
. "$KS_TESTS/lib.sh"
. "$KS_E2E/tui_lib.sh"
check_restored() { # HOW
    wait_for "EXIT=" 150
    expect_eq "$(tm display -p '#{alternate_on}')" 0 "$1: alternate screen left"
    expect_eq "$(tm display -p '#{cursor_flag}')" 1 "$1: cursor visible"
    expect_not_contains "$(screen)" "1 Brokers" "$1: TUI gone from the screen"
    type_text "clear; stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo|isig|icrnl|opost|ixon)' | tr '\n' ' '; echo STTY\"-\"DONE"
    keys Enter
    wait_for "STTY-DONE"
    local flags
    flags=$(screen | grep STTY-DONE | head -n1 || true)
    for f in icanon echo isig icrnl opost; do
        expect_contains " $flags" " $f " "$1: stty $f"
    done
    expect_not_contains "$flags" "-icanon" "$1: canonical mode back"
    expect_not_contains "$flags" "-echo " "$1: echo back"
    grep -qE "AddressSanitizer|LeakSanitizer|runtime error" "$T/stderr" &&
        fail "$1: sanitizer report: $(cat "$T/stderr")"
    pass
}
rerun() {
    type_text "clear; $KAFSCOPE -b $BOOTSTRAP 2>$T/stderr; echo \"EXIT\"=\$?"
    keys Enter
    wait_for "1 Brokers" 200
    wait_for "connected"
}

tui_start
wait_for "connected"
expect_eq "$(tm display -p '#{alternate_on}')" 1 "TUI runs on the alternate screen"
keys q
check_restored q

rerun
keys C-c
check_restored Ctrl-C

rerun
pid=$(pgrep -P "$(tm display -p '#{pane_pid}')" | head -n1)
[ -n "$pid" ] || fail "no kafscope process under the shell"
kill -TERM "$pid"
check_restored SIGTERM
done_ok
