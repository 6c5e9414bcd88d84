# A failing line on the ':' command line: the error in the error colour and
# a hint to the help (the command's own when the command is known).
. "$KS_E2E/cmdline_lib.sh"
cmdline_start
open_line

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
esc
esc
quit_by_command
done_ok
