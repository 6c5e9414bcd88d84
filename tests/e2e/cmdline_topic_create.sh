# topic create on the ':' command line: the real broker creates it and the
# topics pane lists it at once; kafscope reached with -b cannot create
# topics on the embedded fixture (`kafscope cluster`) and says so in the
# error colour.
. "$KS_E2E/cmdline_lib.sh"
cmdline_start
open_line

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
quit_by_command
done_ok
