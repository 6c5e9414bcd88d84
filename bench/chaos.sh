#!/usr/bin/env bash
# Chaos run (issue 24): kafscope keeps working while the brokers of a 3-node
# cluster die and come back, again and again, for MINUTES minutes.
#
#   bench/chaos.sh [MINUTES]              (default 60; BUILD=build, SEED=N)
#
# On a 3-node cluster of the test harness (tests/kafka/broker.sh, loopback,
# small heaps) it runs, all at once:
#   - a producer: `produce --template` with a sequence number in each value,
#     RATE records/s, into a topic of RF 3 with min.insync.replicas=2, as
#     bounded runs of BATCH records one after another (idempotent: the default);
#   - two `tail TOPIC --group G --follow` members, each writing what it reads
#     to a file;
#   - the TUI in tmux, with the topic's Messages pane following; a monitor
#     presses a key about every second and times the screen's answer, and
#     samples the screen ("refreshed N s ago", the brokers shown DOWN);
#   - every 10-30 s (random) one random node is SIGKILLed, SIGSTOPped for
#     5-20 s, or stopped with SIGTERM, then brought back; the next fault waits
#     until the node is back in every ISR, so never more than one is down.
# At the end, once every ISR is whole again (a read right after a fault can
# miss what is still being replicated), it prints the figures and checks the
# invariants; the exit status is 1 if one of them fails. The work folder
# (logs, what each process read) is kept then, and its path printed.
set -uo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-60}
build=${BUILD:-build}
case $build in /*) ;; *) build=$PWD/$build ;; esac
kafscope=$build/kafscope
[[ $minutes =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/chaos.sh [MINUTES]" >&2; exit 2; }
for tool in "$kafscope" kcat tmux timeout setsid; do
    command -v "$tool" >/dev/null || { echo "chaos: $tool not found" >&2; exit 1; }
done
[ -n "${SEED:-}" ] && RANDOM=$SEED

RATE=300              # records/s: "a few hundred a second"
BATCH=3000            # records per producer run: 10 s at RATE
PARTITIONS=4          # two for each member
PROD_TIMEOUT_MS=120000 # a record waits out a hung leader (up to 20 s) rather than failing
RUN_LIMIT=$((BATCH / RATE + PROD_TIMEOUT_MS / 1000 + 60)) # past this a producer run hung
KEY_EVERY_MS=1000     # one key press (and its undoing) a second
KEY_LIMIT_MS=5000     # a key unanswered this long counts as a hang
AGE_GOAL=5            # "refreshed N s ago": 2 refreshes of 2 s, plus 1
DRIFT_PCT=10          # RSS and fds at the end against after the first minute
CRASH_RE='AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error|Segmentation fault|Aborted|did not stop'

work=$(mktemp -d /tmp/kafscope-chaos.XXXXXX)
touch "$work"/{tui.samples,tui.keys,faults.log,procs,prod.status}
sock=ks-chaos-$$
topic=chaos
group=chaos-group
tm() { tmux -L "$sock" -f /dev/null "$@"; }
. bench/tmux_probe.sh # now_ms, and the monitor's probe

# --- the clock, the log, waiting ----------------------------------------------

t_start_ms=$((${EPOCHREALTIME/./} / 1000))
clock() { now_ms; echo "$ms"; }
log() { now_ms; printf '[%4ds] %s\n' $(((ms - t_start_ms) / 1000)) "$*" >&2; }
die() { failed=1; log "chaos: $*"; exit 1; }
gone() { ! kill -0 "$1" 2>/dev/null; }
# Sets of record values are compared byte-wise (the TUI keeps the UTF-8 locale).
csort() { LC_ALL=C sort "$@"; }
ccomm() { LC_ALL=C comm "$@"; }

# wait_until SECONDS COMMAND...: polls COMMAND until it succeeds; status 1 if
# it did not within SECONDS.
wait_until() {
    local deadline
    now_ms
    deadline=$((ms + $1 * 1000))
    shift
    until "$@"; do
        now_ms
        [ "$ms" -lt "$deadline" ] || return 1
        sleep 0.25
    done
}

# --- cleanup: every process by its pid ------------------------------------------

stopped_pid=""   # a SIGSTOPped node, to resume whatever happens
member_pids=()
prod_loop=""
monitor=""
failed=0
cleanup() {
    local pid
    [ -n "$stopped_pid" ] && kill -CONT "$stopped_pid" 2>/dev/null
    # A producer run is `timeout`, which made itself a process group with its
    # kafscope: the group goes with it.
    for pid in $prod_loop $monitor "${member_pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    pid=$(cat "$work/prod.pid" 2>/dev/null)
    [ -n "$pid" ] && kill -KILL -- "-$pid" 2>/dev/null
    tm kill-server 2>/dev/null
    tests/kafka/broker.sh stop "$work/kafka" >/dev/null 2>&1
    if [ "$failed" = 0 ]; then
        rm -rf "$work"
    else
        rm -rf "$work"/kafka/node*/data
        echo "chaos: logs kept in $work" >&2
    fi
}
trap cleanup EXIT
trap 'failed=1; exit 130' INT TERM

# --- the cluster ------------------------------------------------------------------

log "starting a 3-node Kafka cluster..."
B=$(KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms64m -Xmx384m} tests/kafka/broker.sh start "$work/kafka" 3) ||
    die "the cluster did not start"
node_pid() { sed -n "${1}p" "$work/kafka/pids"; }
brokers_up() { kcat -b "$B" -L -m 5 2>/dev/null | sed -n 's/^ *\([0-9]\+\) brokers:.*/\1/p'; }
brokers_are() { [ "$(brokers_up)" = "$1" ]; }
# Every partition of every topic (the internal ones too) has 3 in-sync replicas.
isr_whole() {
    local parts
    parts=$(kcat -b "$B" -L -m 5 2>/dev/null | grep "partition [0-9]*,") || return 1
    ! grep -vq "isrs: [0-9]*,[0-9]*,[0-9]*$" <<<"$parts"
}
cluster_whole() { brokers_are 3 && isr_whole; }

"$kafscope" -b "$B" --timeout 30000 -c "topic create $topic --partitions $PARTITIONS \
--replication-factor 3 --config min.insync.replicas=2" >/dev/null || die "topic create failed"
wait_until 60 isr_whole || die "the new topic's ISRs never got whole"

# --- the TUI, and its monitor ---------------------------------------------------------

# exec: the pane's process is kafscope itself, whose pid, RSS and exit
# status are then the pane's; remain-on-exit keeps a crashed pane to look at.
tm new-session -d -s ks -x 120 -y 40 "exec $kafscope -b $B 2>$work/tui.err"
tm set -g status off
tm set -g window-size manual
tm set -g remain-on-exit on
tui_pid=$(tm display-message -p -t ks '#{pane_pid}')
tui_screen_has() { tm capture-pane -p -t ks | grep -qF -- "$1"; }
wait_until 60 tui_screen_has "3 brokers" || die "the TUI did not show 3 brokers"
tm send-keys -t ks 2 / "$topic" Enter
wait_until 30 tui_screen_has "Messages of $topic" || die "the TUI did not open the Messages pane"
wait_until 30 tui_screen_has "— following" || die "the Messages pane is not following"

# monitor: one tmux control-mode client (bench/tmux_probe.sh, nothing started
# per look). Every ~0.25 s one sample line "MS AGE DOWN_NODES" into
# tui.samples; every KEY_EVERY_MS the 'i' key (the pane's explanation) and
# then 'i' again, each timed until the screen shows the change, one line
# "MS LATENCY" (or "MS timeout") each into tui.keys. Ends when $work/stop.mon
# appears, or at its bound.
# explained 1|0: the focused pane's explanation is (1) or is not (0) shown.
explained() { if on_screen "What am I looking at"; then [ "$1" = 1 ]; else [ "$1" = 0 ]; fi; }
monitor_loop() {
    local i next_key=0 screen age down want t0
    probe_start "$sock" ks
    for ((i = 0; i < minutes * 60 * 8 + 4000; i++)); do
        [ -e "$work/stop.mon" ] && break
        now_ms
        if [ "$ms" -ge "$next_key" ]; then
            next_key=$((ms + KEY_EVERY_MS))
            # Shown, then hidden again: the samples see the usual screen.
            # Each key wants the other state than the one it finds, so a
            # key that was lost does not turn the next ones around.
            for _ in 1 2; do
                on_screen "What am I looking at" && want=0 || want=1
                now_ms
                t0=$ms
                tmc "send-keys -t ks i"
                until explained "$want"; do
                    now_ms
                    [ $((ms - t0)) -lt "$KEY_LIMIT_MS" ] || break
                done
                now_ms
                if [ $((ms - t0)) -lt "$KEY_LIMIT_MS" ]; then
                    echo "$t0 $((ms - t0))" >>"$work/tui.keys"
                else
                    # A TUI that ended answers no key: that is its crash, not a hang.
                    tmc "display-message -p -t ks '#{pane_dead}'"
                    [ "${reply%$'\n'}" = 1 ] && return 0
                    echo "$t0 timeout" >>"$work/tui.keys"
                fi
            done
        fi
        tmc "capture-pane -p -t ks"
        screen=$reply
        now_ms
        age=$(grep -oE 'refreshed [0-9]+s ago' <<<"$screen" | grep -oE '[0-9]+' | head -n1)
        # A broker row: id, address, role, "up" or "DOWN", partitions led.
        down=$(grep -oE '(^|[^0-9])[1-3] +127\.0\.0\.1:[0-9]+ +[^ ]+( controller)? +DOWN' <<<"$screen" |
            sed -E 's/^[^0-9]*([1-3]) .*/\1/' | sort -u | tr '\n' ',')
        echo "$ms ${age:--} ${down:--}" >>"$work/tui.samples"
        sleep 0.25
    done
}
monitor_loop >"$work/monitor.log" 2>&1 &
monitor=$!
# tui_shows_down NODE SINCE_MS: a sample taken after SINCE_MS shows NODE DOWN.
tui_shows_down() {
    awk -v n="$1" -v t="$2" '$1 >= t && index($3, n ",") { found = 1 } END { exit !found }' \
        "$work/tui.samples" 2>/dev/null
}

# --- the group members and the producer -------------------------------------------------

for m in 1 2; do
    "$kafscope" -b "$B" --timeout 30000 -c "tail $topic --group $group --follow" \
        >"$work/m$m.out" 2>"$work/m$m.err" &
    member_pids+=($!)
done

# Runs of BATCH records, one after another, until $work/stop appears (and at
# most what MINUTES needs, plus two). Run k's values are "r<k>-<seq>" and its
# keys "k<k>-<seq>" (spread over every partition). One line "K STATUS" per
# run in prod.status; 124 from `timeout` is a run that hung.
producer_loop() {
    local k rc max_runs=$((minutes * 60 * RATE / BATCH + 2))
    for ((k = 1; k <= max_runs; k++)); do
        [ -e "$work/stop" ] && break
        printf '{"key": "k%d-{{seq}}", "value": "r%d-{{seq}}"}\n' "$k" "$k" >"$work/template$k.json"
        timeout -k 5 "$RUN_LIMIT" "$kafscope" -b "$B" --timeout "$PROD_TIMEOUT_MS" \
            -c "produce $topic --template $work/template$k.json --count $BATCH --rate $RATE/s" \
            >"$work/prod$k.out" 2>"$work/prod$k.err" &
        echo $! >"$work/prod.pid"
        rc=0
        wait $! || rc=$?
        echo "$k $rc" >>"$work/prod.status"
    done
}
producer_loop &
prod_loop=$!

# --- watching the processes -----------------------------------------------------------------

problems=()   # what went wrong while it ran: a process that ended or crashed
problem() { problems+=("$*"); log "PROBLEM: $*"; }
member_dead=(0 0)
tui_dead=0
tui_dead_ms=0
check_alive() {
    local m
    for m in 1 2; do
        if [ "${member_dead[m - 1]}" = 0 ] && ! kill -0 "${member_pids[m - 1]}" 2>/dev/null; then
            member_dead[m - 1]=1
            problem "member $m ended during the run: $(tail -n 5 "$work/m$m.err" | tr '\n' ' ')"
        fi
    done
    if [ "$tui_dead" = 0 ] && [ "$(tm display-message -p -t ks '#{pane_dead}' 2>/dev/null)" != 0 ]; then
        tui_dead=1
        tui_dead_ms=$(clock)
        problem "the TUI ended during the run ($(tm display-message -p -t ks 'status #{pane_dead_status} signal #{pane_dead_signal}' 2>/dev/null)): $(tail -n 5 "$work/tui.err" | tr '\n' ' ')"
    fi
}

# mem_fds PID: "RSS_KIB FDS SOCKETS" of a live process (sockets: the
# connections to brokers, which come and go with them).
mem_fds() {
    local rss fds socks
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null)
    fds=$(ls "/proc/$1/fd" 2>/dev/null | wc -l)
    socks=$(find "/proc/$1/fd" -lname 'socket:*' 2>/dev/null | wc -l)
    echo "${rss:-0} $fds $socks"
}
# sample_procs LABEL: one line "LABEL NAME RSS FDS" per long-lived kafscope.
sample_procs() {
    local m
    echo "$1 tui $(mem_fds "$tui_pid")" >>"$work/procs"
    for m in 1 2; do echo "$1 member$m $(mem_fds "${member_pids[m - 1]}")" >>"$work/procs"; done
}

# --- the faults -------------------------------------------------------------------------------

# One line per fault in faults.log:
#   N NODE KIND T_FAULT T_DROP T_BACK T_WHOLE HOLD_S
# T_DROP: Kafka's metadata (kcat) no longer lists the node (0: never seen);
# T_BACK: it lists it again; T_WHOLE: every ISR is whole again (0: never).
kinds=(kill stop term)
nfault=0
chaos_broken=0
declare -A nkind=([kill]=0 [stop]=0 [term]=0)
inject() {
    local node=$((RANDOM % 3 + 1)) kind=${kinds[RANDOM % 3]} pid t0 t_drop=0 t_back=0 t_whole=0
    local hold=0 args
    pid=$(node_pid "$node")
    last_fault_ms=$(clock)
    # Its command line, to start it again on its data as broker.sh did.
    mapfile -d '' -t args <"/proc/$pid/cmdline"
    nfault=$((nfault + 1))
    nkind[$kind]=$((nkind[$kind] + 1))
    t0=$(clock)
    case $kind in
    kill)
        kill -KILL "$pid"
        wait_until 10 gone "$pid" || problem "node $node survived SIGKILL"
        ;;
    term)
        kill -TERM "$pid"
        # A clean shutdown moves its leaderships away first; give it 60 s.
        if ! wait_until 60 gone "$pid"; then
            problem "node $node did not stop within 60 s of SIGTERM; killed"
            kill -KILL "$pid"
            wait_until 10 gone "$pid"
        fi
        ;;
    stop)
        kill -STOP "$pid"
        stopped_pid=$pid
        hold=$((5 + RANDOM % 16))
        ;;
    esac
    log "fault $nfault: node $node $kind$([ "$kind" = stop ] && echo " for ${hold}s")"
    # Kafka's own view: the controller fences the node (broker.session.timeout.ms,
    # 3 s); a hung node is resumed after its HOLD whether or not it was fenced.
    wait_until "$([ "$kind" = stop ] && echo "$hold" || echo 30)" brokers_are 2 && t_drop=$(clock)
    if [ "$kind" = stop ]; then
        # Hung HOLD seconds from the signal, then resumed: the same process.
        now_ms
        local left=$((t0 + hold * 1000 - ms))
        [ "$left" -gt 0 ] && sleep "$((left / 1000)).$(printf %03d $((left % 1000)))"
        kill -CONT "$pid"
        stopped_pid=""
    else
        # Down until the TUI shows it DOWN (or 20 s), then started again.
        check_alive
        [ "$tui_dead" = 1 ] || wait_until 20 tui_shows_down "$node" "$t0"
        setsid "${args[@]}" </dev/null >>"$work/kafka/node$node/stdout.log" 2>&1 &
        sed -i "${node}s/.*/$!/" "$work/kafka/pids"
        disown $! # its SIGKILL later is no job of this shell's to report
    fi
    # Back: listed again, then in every ISR. Without that no further fault
    # (two nodes down would stop the producer: min.insync.replicas=2).
    if wait_until 180 brokers_are 3; then t_back=$(clock); else
        problem "node $node did not come back within 180 s"; chaos_broken=1; fi
    if wait_until 180 isr_whole; then t_whole=$(clock); else
        problem "the ISRs were not whole within 180 s of node $node's return"; chaos_broken=1; fi
    echo "$nfault $node $kind $t0 $t_drop $t_back $t_whole $hold" >>"$work/faults.log"
    log "fault $nfault: node $node back in metadata after $(((t_back - t0) / 1000)) s, every ISR whole after $(((t_whole - t0) / 1000)) s"
}

now_ms
t_run_ms=$ms
t_end_ms=$((t_run_ms + minutes * 60000))
baseline_taken=0
next_fault=$(($(clock) + (10 + RANDOM % 21) * 1000))
log "running for $minutes minutes: topic $topic, $RATE records/s, faults every 10-30 s"
while now_ms; [ "$ms" -lt "$t_end_ms" ]; do
    check_alive
    if [ "$baseline_taken" = 0 ] && [ "$ms" -ge $((t_run_ms + 60000)) ]; then
        sample_procs first_minute
        baseline_taken=1
    fi
    if [ -n "$monitor" ] && gone "$monitor"; then
        check_alive
        [ "$tui_dead" = 1 ] || problem "the TUI monitor ended: $(tail -n 3 "$work/monitor.log")"
        monitor=""
    fi
    [ "$chaos_broken" = 0 ] || break
    if [ "$ms" -ge "$next_fault" ]; then
        inject
        # The next fault 10-30 s after this one, and never before this one is over.
        next_fault=$((last_fault_ms + (10 + RANDOM % 21) * 1000))
        now_ms
        [ "$next_fault" -ge "$ms" ] || next_fault=$ms
        continue
    fi
    sleep 0.5
done
[ "$baseline_taken" = 1 ] || sample_procs first_minute

# --- the end: producer done, cluster whole ------------------------------------------------

log "stopping the producer after its current run..."
touch "$work/stop"
wait_until $((RUN_LIMIT + 10)) gone "$prod_loop" || problem "the producer loop did not end"
prod_loop=""
wait_until 300 cluster_whole || problem "the cluster did not get whole again within 300 s"

log "reading the topic with kcat..."
kcat -C -b "$B" -t "$topic" -o beginning -e -q -f '%s\n' -m 60 >"$work/topic.all" 2>"$work/kcat.err" ||
    problem "kcat could not read $topic: $(head -c 300 "$work/kcat.err")"
csort "$work/topic.all" | uniq -c | awk '{ print $2, $1 }' >"$work/topic.counts"
cut -d' ' -f1 "$work/topic.counts" >"$work/topic.set"

# What the producer said: delivered records, as a set of values ("r<k>-<seq>").
runs=0 runs_ok=0 delivered=0 silent=0 hung_runs=0
runs_failed=()
: >"$work/delivered.set"
while read -r k rc; do
    runs=$((runs + 1))
    if [ "$rc" = 0 ] && grep -q "^$BATCH records produced" "$work/prod$k.out"; then
        runs_ok=$((runs_ok + 1))
        delivered=$((delivered + BATCH))
        awk -v k="$k" -v n="$BATCH" 'BEGIN { for (i = 1; i <= n; i++) print "r" k "-" i }' >>"$work/delivered.set"
        continue
    fi
    [ "$rc" = 124 ] || [ "$rc" = 137 ] && hung_runs=$((hung_runs + 1))
    # A failure must say how many of its records were delivered.
    said=$(grep -oE '\(([0-9]+) records were delivered' "$work/prod$k.err" | grep -oE '[0-9]+' | head -n1)
    if [ -z "$said" ]; then
        silent=$((silent + 1))
        runs_failed+=("run $k: exit $rc without a delivered count: $(head -c 200 "$work/prod$k.err")")
    else
        delivered=$((delivered + said))
        in_topic=$(grep -c "^r$k-" "$work/topic.set")
        runs_failed+=("run $k: exit $rc, said $said delivered, $in_topic in the topic: $(grep -m1 -i error "$work/prod$k.err" | head -c 200)")
        [ "$in_topic" -ge "$said" ] || problem "run $k said $said delivered, the topic holds $in_topic of them"
    fi
done <"$work/prod.status"
csort -o "$work/delivered.set" "$work/delivered.set"
missing=$(ccomm -23 "$work/delivered.set" "$work/topic.set" | wc -l)
topic_total=$(wc -l <"$work/topic.all")
topic_distinct=$(wc -l <"$work/topic.set")
topic_dups=$(awk '$2 > 1 { d += $2 - 1 } END { print d + 0 }' "$work/topic.counts")

# The members catch up with the topic's end.
log "waiting for the members to catch up..."
members_cover() {
    cut -f5 "$work/m1.out" "$work/m2.out" | csort -u >"$work/read.set"
    [ "$(ccomm -23 "$work/topic.set" "$work/read.set" | wc -l)" = 0 ]
}
wait_until 180 members_cover
unread=$(ccomm -23 "$work/topic.set" "$work/read.set" | wc -l)
read_total=$(cat "$work/m1.out" "$work/m2.out" | wc -l)
read_distinct=$(wc -l <"$work/read.set")
check_alive
sample_procs end

# The monitor stops after its key pair (the explanation hidden again).
touch "$work/stop.mon"
[ -z "$monitor" ] || wait_until 15 gone "$monitor" || kill -KILL "$monitor" 2>/dev/null
monitor=""
# The TUI's Messages pane followed to the end: the last run's records are on screen.
last_run=$(tail -n1 "$work/prod.status" | cut -d' ' -f1)
tui_followed=0
wait_until 10 tui_screen_has "r$last_run-" && tui_followed=1

# --- stopping everything, each by its pid -------------------------------------------------------

# SIGTERM: a member leaves its group and exits 0 within its watchdog's second.
for m in 1 2; do
    pid=${member_pids[m - 1]}
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        wait_until 10 gone "$pid" || { problem "member $m did not stop within 10 s of SIGTERM"; kill -KILL "$pid"; }
    fi
    rc=0
    wait "$pid" || rc=$?
    [ "$rc" = 0 ] || problem "member $m exited $rc"
    ! grep -Eq "$CRASH_RE" "$work/m$m.err" || problem "member $m: $(grep -Em1 "$CRASH_RE" "$work/m$m.err")"
done
member_pids=()
tui_exited() { [ "$(tm display-message -p -t ks '#{pane_dead}' 2>/dev/null)" = 1 ]; }
if [ "$tui_dead" = 1 ]; then
    : # counted where it ended
elif tm send-keys -t ks q && wait_until 15 tui_exited; then
    tui_rc=$(tm display-message -p -t ks '#{pane_dead_status}')
    [ "$tui_rc" = 0 ] || problem "the TUI exited $tui_rc"
else
    problem "the TUI did not exit within 15 s of q"
    kill -KILL "$tui_pid" 2>/dev/null
fi
! grep -Eq "$CRASH_RE" "$work/tui.err" || problem "the TUI: $(grep -Em1 "$CRASH_RE" "$work/tui.err")"

# --- figures ------------------------------------------------------------------------------------

# Keys: median, p99, max, timeouts.
keys_n=$(grep -vc timeout "$work/tui.keys")
keys_timeouts=$(grep -c timeout "$work/tui.keys")
sorted=$(grep -v timeout "$work/tui.keys" | cut -d' ' -f2 | sort -n)
pct() { [ "$keys_n" -gt 0 ] && sed -n "$(((keys_n * $1 + 99) / 100))p" <<<"$sorted" || echo -; }
key_p50=$(pct 50) key_p99=$(pct 99) key_max=$(tail -n1 <<<"$sorted")

# Refresh age: the largest overall, and the largest while a node was down
# (from its fault to every ISR whole again).
age_max=$(awk '$2 != "-" && $2 > m { m = $2 } END { print m + 0 }' "$work/tui.samples")
age_max_down=-
[ -s "$work/faults.log" ] && age_max_down=$(awk 'NR == FNR { f0[NR] = $4; f1[NR] = $7; n = NR; next }
    $2 != "-" { for (i = 1; i <= n; i++) if ($1 >= f0[i] && $1 <= f1[i] && $2 > m) m = $2 }
    END { print m + 0 }' "$work/faults.log" "$work/tui.samples")

# Each node Kafka's metadata dropped was shown DOWN by the TUI while down. A
# SIGSTOP the metadata dropped for less than 2 refreshes (+1 s) may resume
# before the TUI's next refresh: those are counted, not required.
down_shown=0
down_required=0
down_missed=()
down_late=()
down_lags=()
while read -r n node kind t0 t_drop t_back t_whole hold; do
    [ "$t_drop" != 0 ] || continue
    # The first sample showing it DOWN, from the fault to a refresh after its return.
    tui_down=$(awk -v n="$node" -v t0="$t0" -v t1="$((t_back + 3000))" \
        '$1 >= t0 && $1 <= t1 && index($3, n ",") { print $1; exit }' "$work/tui.samples")
    tui_down=${tui_down:-0}
    if [ "$tui_down" != 0 ] && [ "$tui_down" -le $((t_back + 3000)) ]; then
        down_shown=$((down_shown + 1))
        down_lags+=($((tui_down - t_drop)))
    fi
    if [ "$tui_down" = 0 ] && [ "$tui_dead_ms" != 0 ] && [ "$tui_dead_ms" -le $((t_back + 3000)) ]; then
        down_missed+=("fault $n (node $node, $kind: the TUI had ended)")
        continue
    fi
    # "At the next refresh": within AGE_GOAL s of Kafka's metadata.
    [ "$tui_down" != 0 ] && [ $((tui_down - t_drop)) -gt $((AGE_GOAL * 1000)) ] &&
        down_late+=("fault $n (node $node, $kind): $((tui_down - t_drop)) ms")
    if [ "$kind" != stop ] || [ $((t_back - t_drop)) -ge $((AGE_GOAL * 1000)) ]; then
        down_required=$((down_required + 1))
        { [ "$tui_down" != 0 ] && [ "$tui_down" -le $((t_back + 3000)) ]; } ||
            down_missed+=("fault $n (node $node, $kind)")
    fi
done <"$work/faults.log"
lag_max=$(printf '%s\n' "${down_lags[@]}" | sort -n | tail -n1)

# RSS and fds, first minute against the end.
drift_lines=()
drift_bad=()
for name in tui member1 member2; do
    read -r r0 f0 s0 < <(awk -v n="$name" '$1 == "first_minute" && $2 == n { print $3, $4, $5 }' "$work/procs")
    read -r r1 f1 s1 < <(awk -v n="$name" '$1 == "end" && $2 == n { print $3, $4, $5 }' "$work/procs")
    drift_lines+=("$(awk -v n="$name" -v r0="$r0" -v f0="$f0" -v s0="$s0" -v r1="$r1" -v f1="$f1" -v s1="$s1" 'BEGIN {
        printf "| %s | %.1f MiB, %d fds (%d sockets) | %.1f MiB, %d fds (%d sockets) | %+.1f %% | %+d |",
            n, r0 / 1024, f0, s0, r1 / 1024, f1, s1, r0 ? (r1 - r0) * 100 / r0 : 0, f1 - f0 }')")
    # An ended process reads 0: no drift to measure, and its end is a problem already.
    [ "$r0" -gt 0 ] && [ "$r1" -gt 0 ] || continue
    [ $((r1 * 100)) -le $((r0 * (100 + DRIFT_PCT))) ] || drift_bad+=("$name RSS $r0 -> $r1 KiB")
    [ $((f1 * 100)) -le $((f0 * (100 + DRIFT_PCT))) ] || drift_bad+=("$name fds $f0 -> $f1")
done

# --- report ---------------------------------------------------------------------------------------

verdicts=()
check() { # OK? TEXT
    if [ "$1" = 1 ]; then verdicts+=("ok   $2"); else verdicts+=("FAIL $2"); failed=1; fi
}
yes_if() { "$@" && echo 1 || echo 0; }
check "$(yes_if [ "$missing" = 0 ])" "every delivered record is in the topic ($missing of $delivered missing)"
check "$(yes_if [ "$topic_dups" = 0 ])" "no record is in the topic twice ($topic_dups duplicates)"
check "$(yes_if [ "$silent" = 0 ])" "every producer failure said what it delivered ($silent silent)"
check "$(yes_if [ "$unread" = 0 ])" "the members read every record of the topic ($unread unread)"
check "$(yes_if [ "$keys_timeouts" = 0 ])" "the TUI answered every key within $KEY_LIMIT_MS ms ($keys_timeouts not)"
check "$(yes_if [ "$age_max" -le "$AGE_GOAL" ])" "'refreshed N s ago' stayed <= $AGE_GOAL s (largest $age_max s)"
check "$(yes_if [ ${#down_missed[@]} = 0 ])" "the TUI showed each dead node DOWN ($down_shown shown, $down_required required${down_missed:+; missed: ${down_missed[*]}})"
check "$(yes_if [ ${#down_late[@]} = 0 ])" "it showed DOWN within $AGE_GOAL s of Kafka's metadata${down_late:+; late: ${down_late[*]}}"
check "$(yes_if [ "$tui_followed" = 1 ])" "the Messages pane followed to the last run's records"
check "$(yes_if [ ${#problems[@]} = 0 ])" "no kafscope process crashed, hung or ended early (${#problems[@]} problems, $hung_runs producer runs hung)"
check "$(yes_if [ ${#drift_bad[@]} = 0 ])" "RSS and fds at the end within $DRIFT_PCT % of the first minute${drift_bad:+: ${drift_bad[*]}}"

cat <<EOF

chaos: $minutes minutes, $(date -u +%Y-%m-%dT%H:%MZ), seed ${SEED:-random}, load $(cut -d' ' -f1-3 /proc/loadavg)

| | |
|---|---:|
| faults injected | $nfault (SIGKILL ${nkind[kill]}, SIGSTOP ${nkind[stop]}, SIGTERM ${nkind[term]}) |
| producer runs | $runs ($runs_ok whole, ${#runs_failed[@]} failed, $hung_runs hung) |
| records delivered (producer's word) | $delivered |
| in the topic | $topic_total ($topic_distinct distinct, $topic_dups twice) |
| delivered but missing from the topic | $missing |
| read by the members | $read_total ($read_distinct distinct, $((read_total - read_distinct)) duplicates, $unread unread) |
| member assignments / revocations | $(cat "$work"/m?.err | grep -c "assigned partitions") / $(cat "$work"/m?.err | grep -Ec "(revoked|lost) partitions") |
| TUI key answers | $keys_n keys: median ${key_p50:-?} ms, p99 ${key_p99:-?} ms, max ${key_max:-?} ms, $keys_timeouts unanswered |
| largest "refreshed N s ago" | $age_max s (with a node down: $age_max_down s) |
| nodes shown DOWN | $down_shown of $(awk '$5 != 0' "$work/faults.log" | wc -l) dropped by Kafka (required $down_required), largest lag after Kafka ${lag_max:--} ms |

| process | after the first minute | at the end | RSS | fds |
|---|---:|---:|---:|---:|
$(printf '%s\n' "${drift_lines[@]}")
EOF
[ ${#runs_failed[@]} = 0 ] || printf 'producer failures:\n%s\n' "$(printf '  %s\n' "${runs_failed[@]}")"
[ ${#problems[@]} = 0 ] || printf 'problems:\n%s\n' "$(printf '  %s\n' "${problems[@]}")"
echo
printf '%s\n' "${verdicts[@]}"
exit "$failed"
