# every kind of offset spec, --count, and --follow.
. "$KS_TESTS/lib.sh"
require_real
topic=$(unique off)
create_topic "$topic" 2 1
seq 0 9 | sed 's/^/m/' >"$T/ten"
ks -c "produce $topic --file $T/ten --partition 0" >/dev/null
seq 0 4 | sed 's/^/n/' >"$T/five"
ks -c "produce $topic --file $T/five --partition 1" >/dev/null

vals() { ks -c "tail $topic $*" | cut -f1,2,5 | sort -n -k1,1 -k2,2 | tr '\t\n' ': ' ; }
expect_eq "$(ks -c "tail $topic --offset beginning" | wc -l)" 15 "beginning reads all"
expect_eq "$(ks -c "tail $topic" | wc -l)" 15 "default: from the beginning, stop at end"
expect_eq "$(ks -c "tail $topic --offset end" | wc -l)" 0 "end reads nothing without --follow"
expect_eq "$(vals --partition 0 --offset 7)" "0:7:m7 0:8:m8 0:9:m9 " "absolute offset"
expect_eq "$(vals --offset -2)" "0:8:m8 0:9:m9 1:3:n3 1:4:n4 " "last N per partition"
expect_eq "$(vals --partition 1 --offset -100)" "1:0:n0 1:1:n1 1:2:n2 1:3:n3 1:4:n4 " "last N clamps at log start"
expect_eq "$(ks -c "tail $topic --count 4" | wc -l)" 4 "--count stops early"
expect_eq "$(vals --partition 0 --offset 100)" "" "offset past the end"

# @TIME: records produced after a time mark
sleep 1.1
mark=$(date +%s%3N)
iso=$(date -u -d "@$((mark / 1000))" +%Y-%m-%dT%H:%M:%S).$(printf %03d $((mark % 1000)))Z
ks -c "produce $topic late --partition 1" >/dev/null
expect_eq "$(vals --offset @$mark)" "1:5:late " "@epoch-ms"
expect_eq "$(vals --offset @$iso)" "1:5:late " "@ISO-8601"
expect_eq "$(vals --offset @2000-01-01T00:00:00Z | wc -w)" 16 "@old time reads everything"

# --follow sees records produced while it runs, and Ctrl-C (SIGINT) ends it cleanly
# (the tail needs a moment to find the end; on a loaded machine more than a
# fixed sleep, so a new record goes out each second until one shows up)
ks -c "tail $topic --follow --partition 0" >"$T/follow" 2>"$T/follow.err" &
pid=$!
for i in $(seq 1 30); do
    ks -c "produce $topic followed-$i --partition 0" >/dev/null
    for _ in $(seq 1 10); do grep -q followed "$T/follow" && break 2; sleep 0.1; done
done
kill -INT $pid
rc=0; wait $pid || rc=$?
expect_contains "$(cat "$T/follow")" "followed" "follow saw a new record"
expect_eq "$(grep -vc followed- "$T/follow")" 0 "follow starts at the end: no older record"
expect_eq "$rc" 0 "Ctrl-C ends tail cleanly"
done_ok
