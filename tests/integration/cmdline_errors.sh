# Bad input to the new commands, in batch mode and through the REPL reading
# a pipe: a clear error, no hang, nothing changed.
. "$KS_TESTS/lib.sh"
if [ "$TARGET" = real ]; then
    topic=$(unique bad)
    create_topic "$topic" 2 1
else
    topic=playground
fi
state() { # topics and high watermarks
    ks --json -c topics -c "topic describe $topic" | python3 -c '
import json,sys
text=sys.stdin.read(); dec=json.JSONDecoder(); i=0; out=[]
while i < len(text):
    if text[i].isspace(): i+=1; continue
    d,i=dec.raw_decode(text,i); out.append(d)
print(sorted(t["name"] for t in out[0]["topics"]), [p["high"] for p in out[1]["partitions"]], out[1]["partition_count"])'
}
before=$(state)

long=$(head -c 10240 /dev/zero | tr '\0' 'x')
expect_fail "unknown command 'topik'.*did you mean 'topic'" ks -c "topik create x"
expect_fail "unknown subcommand 'topic crate'; available: .*'topic create'" ks -c "topic crate x"
expect_fail "unknown subcommand 'group joni'" ks -c "group joni g $topic"
expect_fail "unknown option '--partitons' \(did you mean --partitions" ks -c "topic create x-$$ --partitons 3"
expect_fail "unknown option '--to-earlist' \(did you mean --to-earliest" ks -c "group reset g --topic $topic --to-earlist"
expect_fail "topic create: missing argument \(usage: topic create TOPIC" ks -c "topic create"
expect_fail "group join: missing argument" ks -c "group join g"
expect_fail "records delete: missing argument" ks -c "records delete"
expect_fail "topic partitions: missing argument" ks -c "topic partitions $topic"
expect_fail "option --partitions needs a value" ks -c "topic create x-$$ --partitions"
expect_fail "--partitions: expected a whole number from 1 to 100000, got '-3'" ks -c "topic create x-$$ --partitions -3"
expect_fail "--replication-factor: expected a whole number" ks -c "topic create x-$$ --replication-factor 1.5"
expect_fail "N: expected a whole number from 1 to 100000, got '99999999999999999999'" ks -c "topic partitions $topic 99999999999999999999"
expect_fail "--before: expected an offset" ks -c "records delete $topic:0 --before -1 --yes"
expect_fail "--shift-by: expected a whole number" ks -c "group reset g --topic $topic --shift-by 1e3"
expect_fail "--members: expected a whole number" ks -c "group join g $topic --members many"
expect_fail "unbalanced single quote" ks -c "topic create 'x-$$"
expect_fail "unbalanced double quote" ks -c "group reset \"g --topic $topic --to-earliest --execute"
expect_fail "unknown command 'xxxxxxxxxx.*\.\.\.'" ks -c "$long"
expect_fail "invalid topic name" ks -c "topic create $long"
expect_fail "not valid UTF-8 \(byte 0xff at position 15\): nothing was run" ks -c "$(printf 'topic create x\377')"
expect_fail "not valid UTF-8" ks -c "$(printf 'group delete g\300\200 --yes')"
# error messages never echo raw control bytes
expect_fail "unknown command 'a\\\\e\[31mb'" ks -c "$(printf 'a\033[31mb')"
expect_fail "too long" ks -c "$(head -c 70000 /dev/zero | tr '\0' 'y')"

# the same through the REPL reading a pipe: every line gets its error, the
# session goes on, the exit status is the last command's
printf '%s\n' "topik" "topic create" "topic create x-$$ --partitions none" "topic create 'x-$$" \
    "$long" "$(printf 'topic delete \377')" "topic describe $topic" >"$T/script"
rc=0
out=$(timeout 60 "$KAFSCOPE" -b "$BOOTSTRAP" --repl <"$T/script" 2>"$T/err") || rc=$?
expect_eq "$rc" 0 "the last command succeeded"
err=$(cat "$T/err")
expect_contains "$err" "unknown command 'topik'" "repl: unknown command"
expect_contains "$err" "missing argument" "repl: missing argument"
expect_contains "$err" "expected a whole number" "repl: invalid number"
expect_contains "$err" "unbalanced single quote" "repl: quotes"
expect_contains "$err" "unknown command 'xxxxxxxxxx" "repl: 10 kB line"
expect_contains "$err" "not valid UTF-8" "repl: non-UTF-8"
expect_eq "$(grep -c "^kafscope: " "$T/err")" 6 "one error line per bad line"
expect_contains "$out" "PARTITION" "repl: the good command ran"
expect_not_contains "$out$err" $'\033' "no colour or escapes on a pipe"
expect_not_contains "$out" "kafscope (" "no prompt on a pipe"
# destructive commands cannot ask on a pipe
if [ "$TARGET" = real ]; then
    rc=0
    echo "topic delete $topic" | "$KAFSCOPE" -b "$BOOTSTRAP" --repl 2>"$T/err" || rc=$?
    expect_eq "$rc" 1 "delete without --yes fails on a pipe"
    expect_contains "$(cat "$T/err")" "add --yes" "asks for --yes"
fi

expect_eq "$(state)" "$before" "nothing changed"
done_ok
