# The producer is idempotent by default (enable.idempotence=true, acks=all), the
# user can turn it off with -X, and `config` shows what is in effect.
. "$KS_TESTS/lib.sh"

out=$(ks -c "config --json")
expect_contains "$out" '"enable_idempotence": "true"' "idempotent by default"
expect_contains "$out" '"acks": "all"' "acks=all by default"

out=$(ks -X enable.idempotence=false -X acks=1 -c "config --json")
expect_contains "$out" '"enable_idempotence": "false"' "-X turns idempotence off"
expect_contains "$out" '"acks": "1"' "-X sets acks"

# acks=1 alone contradicts the idempotent default: say how to get it.
expect_fail "enable.idempotence=false" ks -X acks=1 -c topics

# Producing works both ways. On the embedded cluster every produce test
# already runs with the idempotent default, and its playground topic is
# shared by tests that count its records: produce on a real broker only.
if [ "$TARGET" = real ]; then
    topic=$(unique idem)
    create_topic "$topic" 1
    out=$(ks -c "produce $topic idempotent-record --partition 0")
    expect_contains "$out" "produced" "idempotent produce"
    out=$(ks -X enable.idempotence=false -X acks=1 -c "produce $topic plain-record --partition 0")
    expect_contains "$out" "produced" "produce with idempotence off"
fi
echo "ok: $CHECKS checks"
