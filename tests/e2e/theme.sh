# Themes: the default uses colours; NO_COLOR gives attributes only;
# --theme light and the T key switch themes; an unknown theme is reported.
. "$KS_TESTS/lib.sh"
. "$KS_E2E/tui_lib.sh"
# SGR colour codes (foreground/background, normal, bright, 256); 39/49 are
# "default colour" and do not count.
colour_re=$'\e\\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;5;[0-9]+|48;5;[0-9]+)(;[0-9;]*)?m'
has_colour() { screen_esc | grep -qE "$colour_re"; }

tui_start
wait_for "connected"
has_colour || fail "default theme: no colour escapes in:
$(screen_esc | head -n3 | cat -v)"
pass
keys T
wait_for "theme: light"
# light: white backgrounds (SGR 47)
for _ in $(seq 1 30); do screen_esc | grep -q $'\e\\[47m' && break; sleep 0.1; done
screen_esc | grep -q $'\e\\[47m' || fail "light theme: no white background"
pass
tui_quit
tm kill-server 2>/dev/null || true

tui_start NO_COLOR=1
wait_for "connected"
if has_colour; then
    fail "NO_COLOR: colour escapes found:
$(screen_esc | grep -E "$colour_re" | head -n3 | cat -v)"
fi
pass
# Attributes carry the meaning instead: reverse for the status bar.
screen_esc | head -n1 | grep -q $'\e\\[7m' || fail "NO_COLOR: status bar not in reverse video"
pass
keys T
wait_for "colours are off"
tui_quit
tm kill-server 2>/dev/null || true

tui_start -- --theme high-contrast
wait_for "connected"
has_colour || fail "high-contrast: no colours"
pass
tui_quit
tm kill-server 2>/dev/null || true

tui_start -- --theme no-such-theme
wait_for "theme 'no-such-theme' not found"
tui_quit
done_ok
