#include <stdlib.h>

#include "check.h"
#include "kafka/envelope.h"

static void roundtrip(const void *key, size_t klen, const void *val, size_t vlen,
                      const char *hname, const void *hval, size_t hlen)
{
    /* Build a record the way record_from_message lays it out. */
    ks_record_t r = {0};
    ks_header_t h = {hname, hval, hlen};
    r.topic = "t";
    r.partition = 2;
    r.offset = 7;
    r.timestamp = 1700000000000LL;
    r.tstype = TS_CREATE;
    r.key = key;
    r.key_len = klen;
    r.value = val;
    r.value_len = vlen;
    r.headers = hname ? &h : NULL;
    r.nheaders = hname ? 1 : 0;
    strbuf_t sb;
    sb_init(&sb);
    envelope_write(&sb, &r);
    envelope_msg_t m;
    char err[KS_ERRLEN];
    CHECK(envelope_parse(sb.buf, sb.len, &m, err) == 1);
    CHECK(m.msg.partition == 2);
    CHECK((m.msg.key == NULL) == (key == NULL));
    CHECK(m.msg.key_len == klen && (!klen || !memcmp(m.msg.key, key, klen)));
    CHECK((m.msg.value == NULL) == (val == NULL));
    CHECK(m.msg.value_len == vlen && (!vlen || !memcmp(m.msg.value, val, vlen)));
    CHECK(m.msg.nheaders == r.nheaders);
    if (hname && m.msg.nheaders == 1) {
        CHECK_STR(m.msg.headers[0].name, hname);
        CHECK((m.msg.headers[0].value == NULL) == (hval == NULL));
        CHECK(m.msg.headers[0].len == hlen);
        CHECK(!hlen || !memcmp(m.msg.headers[0].value, hval, hlen));
    }
    envelope_msg_free(&m);
    sb_free(&sb);
}

int main(void)
{
    roundtrip("k", 1, "hello \"world\"\n", 14, "h", "v", 1);
    roundtrip(NULL, 0, "tombstone next", 14, NULL, NULL, 0);
    roundtrip("k", 1, NULL, 0, NULL, NULL, 0);                   /* tombstone */
    roundtrip("\x00\xff\xfe", 3, "\x80\x81\x1b[2J", 6, "bin", "\xff", 1); /* binary */
    roundtrip("", 0, "", 0, "empty", "", 0);                      /* empty, not null */
    roundtrip("k", 1, "v", 1, "nullh", NULL, 0);                  /* null header value */

    /* binary data is base64 and marked */
    ks_record_t r = {.topic = "t", .value = "\xff\x00", .value_len = 2};
    strbuf_t sb;
    sb_init(&sb);
    envelope_write(&sb, &r);
    CHECK(strstr(sb.buf, "\"value\":\"/wA=\",\"value_encoding\":\"base64\"") != NULL);
    CHECK(strstr(sb.buf, "\"key\":null") != NULL);
    sb_free(&sb);

    envelope_msg_t m;
    char err[KS_ERRLEN];
    /* plain lines and foreign JSON objects are not envelopes */
    CHECK(envelope_parse("hello", 5, &m, err) == 0);
    const char *order = "{\"orderId\":1,\"shop\":\"x\"}";
    CHECK(envelope_parse(order, strlen(order), &m, err) == 0);
    const char *nopayload = "{\"partition\":1}";
    CHECK(envelope_parse(nopayload, strlen(nopayload), &m, err) == 0);
    /* simple producer form with an object for headers */
    const char *simple = "{\"key\":\"k1\",\"value\":{\"a\":1},\"headers\":{\"x\":\"y\"},\"partition\":3}";
    CHECK(envelope_parse(simple, strlen(simple), &m, err) == 1);
    CHECK(m.msg.partition == 3);
    CHECK(m.msg.value_len == 7 && !memcmp(m.msg.value, "{\"a\":1}", 7));
    CHECK(m.msg.nheaders == 1 && !strcmp(m.msg.headers[0].name, "x"));
    envelope_msg_free(&m);
    /* invalid fields are errors, not plain messages */
    const char *badpart = "{\"value\":\"v\",\"partition\":-2}";
    CHECK(envelope_parse(badpart, strlen(badpart), &m, err) == -1);
    CHECK(strstr(err, "partition") != NULL);
    envelope_msg_free(&m);
    const char *badb64 = "{\"value\":\"***\",\"value_encoding\":\"base64\"}";
    CHECK(envelope_parse(badb64, strlen(badb64), &m, err) == -1);
    CHECK(strstr(err, "base64") != NULL);
    envelope_msg_free(&m);
    const char *badhdr = "{\"value\":\"v\",\"headers\":[{\"nope\":1}]}";
    CHECK(envelope_parse(badhdr, strlen(badhdr), &m, err) == -1);
    envelope_msg_free(&m);
    return check_summary();
}
