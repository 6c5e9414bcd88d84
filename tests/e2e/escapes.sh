# A record full of terminal escape sequences (set the window title, clear
# the screen, colours, cursor home) changes neither the screen nor the
# title: it is shown escaped.
. "$KS_TESTS/lib.sh"
. "$KS_E2E/tui_lib.sh"
topic=$(test_topic esc 1)
tui_start
# The check can fail: a raw title sequence does change a pane's title.
tm new-window -d "printf '\\033]2;CONTROL-TITLE\\007'; sleep 60"
for _ in $(seq 1 50); do
    [ "$(tm display -p -t :1 '#{pane_title}')" = CONTROL-TITLE ] && break
    sleep 0.1
done
expect_eq "$(tm display -p -t :1 '#{pane_title}')" CONTROL-TITLE "control: raw OSC 2 sets the title"
title_before=$(tm display -p -t :0 '#{pane_title}')

select_topic "$topic"
wait_for "Messages of $topic ("
wait_for "— following"
marker="end-$$-$RANDOM"
printf 'evil\033]0;PWNED\007\033[2J\033[31mRED\033[HX\033]2;PWNED2\033\\\033[?1049l\033c%s\n' "$marker" |
    kcat -P -b "$BOOTSTRAP" -t "$topic" -k "$(printf 'k\033[5m')"
wait_for 'evil\e]0;PWNED\x07' 50
sleep 0.3 # a few more frames, in case anything was going to act late
title_after=$(tm display -p -t :0 '#{pane_title}')
expect_eq "$title_after" "$title_before" "window title unchanged"
expect_not_contains "$title_after" PWNED "window title"
s=$(screen)
first=$(echo "$s" | head -n1)
expect_contains "$first" " kafscope │" "status bar still on row 1 (no clear, no cursor home)"
expect_contains "$s" "2 Topics" "topics pane still drawn"
expect_contains "$s" '\e[2J' "clear-screen shown escaped"
expect_contains "$s" 'k\e[5m' "key escaped"
expect_eq "$(tm display -p -t :0 '#{alternate_on}')" 1 "still on the alternate screen"
# The detail view shows the whole value, escaped.
open_record "$topic" "$marker"
wait_for "Value: binary"
close_record "Value: binary"
# Text with escapes is binary for the detail view (a hex dump); the
# marker is in the ASCII column.
tui_quit
done_ok
