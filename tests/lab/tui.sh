# The TUI with no connection given starts a lab, shows its progress on the
# terminal, then the cluster; a crashed broker shows DOWN and the ISR shrink
# ('!' on the missing replica), then the recovery; quitting stops the lab and
# leaves no process. Prints the times it measured.
. "$KS_TESTS/lib.sh"
. "$KS_E2E/tui_lib.sh"
. "$KS_LAB/lab_lib.sh"
trap 'lab_cleanup; tui_cleanup' EXIT

SOCK=ks-lab-$$
SOCKS+=("$SOCK")
tm new-session -d -x 120 -y 40 "env -u NO_COLOR PS1='$ ' bash --norc --noprofile"
# stderr stays on the terminal (the lab's progress must show there) and is
# also kept for the sanitizer check of tui_quit.
tm send-keys -l "env KAFSCOPE_LAB_DIR=$KAFSCOPE_LAB_DIR $KAFSCOPE 2> >(tee $T/stderr >&2); echo \"EXIT\"=\$?"
t0=$(date +%s%N)
tm send-keys Enter
wait_for "starting the lab" 100
wait_for "kafscope lab: " 300
wait_for "1 Brokers (3)" 3000
wait_for "retention-demo" 300
echo "measured: first full screen $(( ($(date +%s%N) - t0) / 1000000 )) ms after start (lab started by the TUI)"
expect_contains "$(screen | head -n1)" "lab" "the status bar names the lab"
remember_pids
expect_eq "${#LAB_PIDS[@]}" 4 "the TUI's lab: 3 nodes and the demo"
expect_eq "$(status_json 'd["owner_pid"] > 0')" "True" "the lab belongs to the TUI"

select_topic pizza-orders
wait_for "Partitions of pizza-orders"
# A broker dies: the brokers pane says DOWN, the partitions it held leave
# the ISR ('!' marks the replica out of it).
t1=$(date +%s%N)
"$KAFSCOPE" lab broker stop 3 --crash 2>"$T/err" || fail "broker stop: $(cat "$T/err")"
wait_for "DOWN" 600
echo "measured: broker DOWN on screen $(( ($(date +%s%N) - t1) / 1000000 )) ms after lab broker stop --crash"
wait_for "3!" 600
expect_contains "$(screen | head -n1)" "(1 down)" "status bar counts the broker down"
# It comes back: DOWN and the marks go.
timeout 200 "$KAFSCOPE" lab broker start 3 2>"$T/err" || fail "broker start: $(cat "$T/err")"
remember_pids
wait_gone "DOWN" 600
wait_gone "3!" 1200

# Quitting stops the lab the TUI started: no process, no data left.
keys q
wait_for "EXIT=" 600
expect_contains "$(screen)" "EXIT=0" "kafscope exit status"
if grep -qE "AddressSanitizer|LeakSanitizer|runtime error" "$T/stderr"; then
    fail "sanitizer report on stderr: $(cat "$T/stderr")"
fi
expect_no_lab_process "after the TUI exits"
[ ! -e "$KAFSCOPE_LAB_DIR/state" ] || fail "the lab's state outlived the TUI"
pass
done_ok
