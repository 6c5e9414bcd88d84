# Typed-name confirmation of topic delete on the ':' command line (the real
# broker; the embedded fixture cannot create topics for it): a wrong name
# deletes nothing, the right one deletes the topic.
. "$KS_E2E/cmdline_lib.sh"
require_real
new=$(unique c)
ks -c "topic create $new --partitions 2" >/dev/null || fail "cannot create $new"
cmdline_start

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
quit_by_command
done_ok
