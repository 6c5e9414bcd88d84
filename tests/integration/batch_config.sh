# batch sessions (-c, --script), config masking, named clusters, -F files.
. "$KS_TESTS/lib.sh"

# settings made by one command apply to the next
out=$(ks -c "set json true" -c "brokers")
expect_contains "$out" '"brokers": [' "set json applies to the next command"

# --script: one command per line, comments and blank lines skipped
printf '# a script\n\nbrokers\n  topics\nconfig\n' >"$T/script"
out=$(ks --script "$T/script")
expect_contains "$out" "ADDRESS" "script ran brokers"
expect_contains "$out" "TOPIC" "script ran topics"
printf 'brokers\nnot-a-command\nbrokers\n' >"$T/bad"
rc=0; ks --script "$T/bad" >/dev/null 2>"$T/err" || rc=$?
expect_eq "$rc" 1 "script stops at the bad line"
expect_contains "$(cat "$T/err")" "line 2" "script error names the line"

# secrets never printed
out=$(ks -X sasl.password=hunter2 -X sasl.username=alice -c config)
expect_not_contains "$out" "hunter2" "password masked"
expect_contains "$out" "alice" "username shown"
json=$(ks -X sasl.password=hunter2 --json -c config)
expect_not_contains "$json" "hunter2" "password masked in JSON"

# -F properties file and a named cluster from the config file
printf '# kcat style\nclient.id=from-file\n' >"$T/props"
out=$(ks -F "$T/props" -c config)
expect_contains "$out" "from-file" "-F property"
printf '[cluster testc]\nbootstrap = %s\nssl.key.password = topsecret\nread-only = true\n' "$BOOTSTRAP" >"$T/cfg"
out=$(KAFSCOPE_CONFIG=$T/cfg "$KAFSCOPE" --cluster testc -c config -c brokers)
expect_contains "$out" "testc" "named cluster"
expect_contains "$out" "ADDRESS" "connected through the named cluster"
expect_not_contains "$out" "topsecret" "config-file secret masked"
expect_fail "read-only" env KAFSCOPE_CONFIG="$T/cfg" "$KAFSCOPE" --cluster testc -c "produce x y"

# help is generated from the command table
out=$("$KAFSCOPE" -c help)
for c in brokers topics "topic describe" groups "group describe" tail produce config help; do
    expect_contains "$out" "$c" "help lists $c"
done
out=$("$KAFSCOPE" -c "help tail")
expect_contains "$out" "usage: tail TOPIC" "help tail usage"
expect_contains "$out" "--offset SPEC" "help tail options"
done_ok
