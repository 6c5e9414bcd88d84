# Sourced by the TUI benches: a probe that watches a tmux pane without
# starting a process per look. One control-mode client (`tmux -C`) runs as
# a coprocess; commands go down its pipe and their replies come back, and
# the clock is bash's own $EPOCHREALTIME.
#
# Why: on two cores busy with a flood and a tail, starting `tmux
# capture-pane` and grep for every look took up to half a second, and the
# benches timed themselves instead of kafscope.
#
#   probe_start SOCKET SESSION   attach to SESSION of the tmux server SOCKET
#   tmc COMMAND                  run a tmux command; its output in $reply
#   on_screen TEXT               status: TEXT is on the pane (tmux searches)
#   wait_screen TEXT [1|0] [T0]  until TEXT is (1) or is not (0) on screen;
#                                ms since T0 (default now) in $waited
#   now_ms                       the clock in ms, in $ms (no subshell)

now_ms() { local t=${EPOCHREALTIME/./}; ms=$((t / 1000)); }

probe_start() { # SOCKET SESSION
    probe_session=$2
    # No pane output notifications, and no say in the window's size.
    coproc TMUXC { tmux -L "$1" -f /dev/null -C attach -t "$2" -f no-output,ignore-size 2>&1; }
    reply=""
    tmc "display-message -p probe-ready"
}

# Every command goes with a marker command of its own number behind it:
# its reply is what comes before the marker's line, whatever else tmux
# sends (the attach's own reply, notifications between replies).
probe_seq=0
reply=""
tmc() { # COMMAND -> its output lines in $reply
    probe_seq=$((probe_seq + 1))
    local mark="probe-sync-$probe_seq" line inblock=0
    printf '%s ; display-message -p %s\n' "$1" "$mark" >&"${TMUXC[1]}"
    reply=""
    while IFS= read -r -t 10 line <&"${TMUXC[0]}"; do
        line=${line%$'\r'}
        case $inblock$line in
        0%begin*) inblock=1 ;;
        1%end*) inblock=0 ;;
        1%error*) echo "tmux probe: '$1' failed: $reply" >&2; exit 1 ;;
        1"$mark") return 0 ;;
        1*) reply+=$line$'\n' ;;
        esac
    done
    echo "tmux probe: no reply to '$1'" >&2
    exit 1
}

# tmux searches the pane itself (#{C:}): one short reply, not the screen.
# TEXT is an fnmatch pattern there: '?' and '*' match themselves too.
on_screen() { # TEXT
    tmc "display-message -p -t $probe_session '#{C:$1}'"
    local line=${reply%$'\n'}
    line=${line##*$'\n'}
    [[ $line =~ ^[0-9]+$ ]] || { echo "tmux probe: '$line' is no line number" >&2; exit 1; }
    [ "$line" != 0 ]
}

waited=0
wait_screen() { # TEXT [PRESENT 1|0] [START_MS]
    local want=${2:-1} i=0
    now_ms
    local start=${3:-$ms}
    while [ $((i++)) -lt 200000 ]; do
        if on_screen "$1"; then [ "$want" = 1 ] && break
        else [ "$want" = 0 ] && break; fi
    done
    now_ms
    waited=$((ms - start))
    [ "$i" -le 200000 ]
}
