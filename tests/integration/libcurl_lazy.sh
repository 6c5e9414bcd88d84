# libcurl is loaded only when a command first speaks HTTP (src/libcurl.c):
# produce, tail and the other Kafka commands do not pay for its twenty
# libraries, and a Schema Registry request still finds it.
. "$KS_TESTS/lib.sh"
if [ "$TARGET" = real ]; then
    topic=$(unique curl)
    create_topic "$topic" 3 1
else
    topic=playground
fi

# The dynamic loader names every library it loads, linked or dlopen'ed. (The
# command's own status is not the question: the registry one fails.)
loads_libcurl() { { LD_DEBUG=files "$@" 2>&1 >/dev/null || true; } | grep -q 'file=libcurl'; }

readelf -d "$KAFSCOPE" | grep -q 'NEEDED.*libcurl' && fail "kafscope itself is linked to libcurl"
if ldd "$KAFSCOPE" | grep -q libcurl; then
    # A librdkafka built with curl (KAFSCOPE_OIDC=1, or a system one) links it.
    echo "librdkafka links libcurl here: only the HTTP half is checked"
else
    # (partition 2: produce_tail compares partition 0 of the shared playground)
    loads_libcurl ks -c "produce $topic lazy-curl --partition 2" && fail "produce loaded libcurl"
    loads_libcurl ks -c "tail $topic --offset beginning --count 1" && fail "tail loaded libcurl"
    loads_libcurl ks -c topics && fail "topics loaded libcurl"
    pass
    # Without curl librdkafka has no OIDC: the error says how to get it.
    expect_fail "sasl.oauthbearer.method: .*not supported.*KAFSCOPE_OIDC=1 make" \
        ks -X sasl.oauthbearer.method=oidc -c topics
fi
# Port 9 (discard) has no registry on loopback: the request fails, but only
# after libcurl was loaded and tried.
expect_fail "schema registry http://127.0.0.1:9 unreachable" \
    ks -X schema.registry.url=http://127.0.0.1:9 -c "schema list"
loads_libcurl ks -X schema.registry.url=http://127.0.0.1:9 -c "schema list" ||
    fail "a registry command did not load libcurl"
pass
done_ok
