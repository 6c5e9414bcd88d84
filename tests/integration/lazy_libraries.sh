# Libraries loaded only when a command first needs them: libcurl when it
# speaks HTTP (src/http/libcurl.c), avro-c when it parses a schema
# (src/decode/avro/libavro.c). produce, tail and the other Kafka commands do not
# pay for libcurl's twenty libraries, nor for avro-c's C++ runtime. And our
# own librdkafka seeds its random numbers without OpenSSL
# (scripts/build-librdkafka), which would load 1.9 MiB of it.
. "$KS_TESTS/lib.sh"
DATA="$KS_TESTS/data"
if [ "$TARGET" = real ]; then
    topic=$(unique lazy)
    create_topic "$topic" 3 1
else
    topic=playground
fi

# The dynamic loader names every library it loads, linked or dlopen'ed. (The
# command's own status is not the question: the registry one fails.)
loads() { # LIBRARY CMD...
    local lib=$1
    shift
    { LD_DEBUG=files "$@" 2>&1 >/dev/null || true; } | grep -q "file=$lib"
}

for lib in libcurl libavro; do
    readelf -d "$KAFSCOPE" | grep -q "NEEDED.*$lib" && fail "kafscope itself is linked to $lib"
done
pass
# (partition 2: produce_tail compares partition 0 of the shared playground)
loads libavro ks -c "produce $topic lazy-libs --partition 2" && fail "produce loaded avro-c"
loads libavro ks -c "tail $topic --offset beginning --count 1" && fail "tail loaded avro-c"
loads libavro ks -c topics && fail "topics loaded avro-c"
pass
# A schema is what needs avro-c: it loads, and decodes.
loads libavro ks -c "tail $topic --offset beginning --count 1 --value-decoder avro:$DATA/cart_updates.avsc" ||
    fail "an Avro decoder did not load avro-c"
out=$(ks -c "produce $topic --partition 2 --value-schema $DATA/cart_updates.avsc '{\"cart_id\":7,\"cart_action\":\"ADD\",\"element_id\":1,\"element_desc\":\"lazy\",\"quantity\":1}'")
expect_contains "$out" "produced to $topic partition 2" "produce with a schema, avro-c loaded"

if ldd "$KAFSCOPE" | grep -q libcurl; then
    # A librdkafka built with curl (KAFSCOPE_OIDC=1, or a system one) links it.
    echo "librdkafka links libcurl here: only the HTTP half is checked"
else
    loads libcurl ks -c "produce $topic lazy-curl --partition 2" && fail "produce loaded libcurl"
    loads libcurl ks -c "tail $topic --offset beginning --count 1" && fail "tail loaded libcurl"
    loads libcurl ks -c topics && fail "topics loaded libcurl"
    pass
    # Without curl librdkafka has no OIDC: the error says how to get it.
    expect_fail "sasl.oauthbearer.method: .*not supported.*KAFSCOPE_OIDC=1 make" \
        ks -X sasl.oauthbearer.method=oidc -c topics
fi
# Port 9 (discard) has no registry on loopback: the request fails, but only
# after libcurl was loaded and tried.
expect_fail "schema registry http://127.0.0.1:9 unreachable" \
    ks -X schema.registry.url=http://127.0.0.1:9 -c "schema list"
loads libcurl ks -X schema.registry.url=http://127.0.0.1:9 -c "schema list" ||
    fail "a registry command did not load libcurl"
pass

# Our own librdkafka (not a system one, used as it is) binds no OpenSSL
# random function: a produce that speaks plaintext initialises no OpenSSL RNG.
rdkafka=$(ldd "$KAFSCOPE" | awk '/librdkafka/ { print $3 }')
case $rdkafka in
*/kafscope/librdkafka/*)
    { LD_DEBUG=bindings ks -c "produce $topic lazy-rand --partition 2" 2>&1 >/dev/null || true; } >"$T/bindings"
    # (the log must show librdkafka's bindings at all, or the count below proves nothing)
    grep -q "binding file .*librdkafka.* to " "$T/bindings" ||
        fail "LD_DEBUG=bindings showed none of librdkafka's bindings"
    binds=$(grep -c "file .*librdkafka.* to .*libcrypto.*symbol .RAND_" "$T/bindings" || true)
    expect_eq "$binds" 0 "OpenSSL RAND functions librdkafka bound in a plaintext produce"
    ;;
*) echo "librdkafka is not kafscope's own build ($rdkafka): its random seed is not checked" ;;
esac
done_ok
