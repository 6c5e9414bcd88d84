/* A slow Schema Registry does not stall decoding: no lock of the decoder set
 * is held while a lookup's HTTP request runs, and concurrent lookups of one
 * id send one request (single flight). The registry here is a small HTTP
 * server in a thread that holds every answer until the test releases it (or
 * 10 s pass), so "still pending" is a fact the test controls, not a timing. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "commands/command.h"
#include "kafka/config.h"
#include "decode/decode.h"
#include "base/util.h"

#define HOLD_MAX_MS 10000

static int listen_fd;
static atomic_int requests;  /* requests the registry received */
static atomic_int answered;  /* answers it sent */
static atomic_bool release;  /* answer what is pending */
static atomic_bool stop;
static ks_config_t cfg;
static cmd_ctx_t ctx = {.cfg = &cfg}; /* the session owns the decoder set */

static void *registry_thread(void *arg)
{
    (void)arg;
    while (!stop) {
        struct pollfd pfd = {listen_fd, POLLIN, 0};
        if (poll(&pfd, 1, 50) <= 0)
            continue;
        int fd = accept(listen_fd, NULL, NULL);
        if (fd < 0)
            continue;
        char buf[4096];
        size_t got = 0;
        ssize_t n;
        while (got < sizeof buf - 1 && (n = read(fd, buf + got, sizeof buf - 1 - got)) > 0) {
            got += (size_t)n;
            buf[got] = '\0';
            if (strstr(buf, "\r\n\r\n"))
                break;
        }
        requests++;
        int64_t until = mono_ms() + HOLD_MAX_MS;
        while (!release && mono_ms() < until)
            usleep(5000);
        static const char body[] = "{\"error_code\":40403,\"message\":\"Schema not found\"}";
        char resp[256];
        int len = snprintf(resp, sizeof resp,
                           "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
                           "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                           sizeof body - 1, body);
        /* Counted before it is written: the client may have read it and
         * returned before this thread runs again. */
        answered++;
        ssize_t w = write(fd, resp, (size_t)len);
        (void)w;
        close(fd);
    }
    return NULL;
}

static void framed(unsigned char *p, int32_t id)
{
    p[0] = 0;
    p[1] = (unsigned char)(id >> 24);
    p[2] = (unsigned char)(id >> 16);
    p[3] = (unsigned char)(id >> 8);
    p[4] = (unsigned char)id;
    memcpy(p + 5, "\x02\x61", 2);
}

static atomic_int lookups_started;

static void *lookup_thread(void *arg)
{
    int32_t id = (int32_t)(intptr_t)arg;
    unsigned char p[7];
    framed(p, id);
    decode_result_t r;
    lookups_started++;
    decode_part(cmd_decoders(&ctx), "avro-topic", false, p, sizeof p, &r);
    /* checked by the joining thread: the CHECK counters are not atomic */
    bool ok = r.failed && r.errors && strstr(r.errors, "Schema not found");
    decode_result_free(&r);
    return ok ? (void *)1 : NULL;
}

static void join_lookup(pthread_t t)
{
    void *ok;
    pthread_join(t, &ok);
    CHECK(ok != NULL);
}

static void wait_for_requests(int n)
{
    int64_t until = mono_ms() + HOLD_MAX_MS;
    while (requests < n && mono_ms() < until)
        usleep(2000);
}

/* Plain JSON decodes while a registry lookup is pending. */
static void test_json_not_stalled(void)
{
    release = false;
    pthread_t t;
    pthread_create(&t, NULL, lookup_thread, (void *)(intptr_t)7);
    wait_for_requests(1);
    CHECK(requests == 1);
    const char *json = "{\"order\": 1, \"item\": \"margherita\"}";
    for (int i = 0; i < 1000; i++) {
        decode_result_t r;
        decode_part(cmd_decoders(&ctx), "json-topic", false, json, strlen(json), &r);
        CHECK(r.kind == DK_JSON);
        decode_result_free(&r);
    }
    /* Had the lookup held the decoder set's lock, the loop above would have
     * waited for the registry's answer. */
    CHECK(answered == 0);
    release = true;
    join_lookup(t);
    CHECK(answered == 1);
}

/* Four lookups of one id at once: one request. */
static void test_single_flight(void)
{
    release = false;
    lookups_started = 0;
    int before = requests;
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, lookup_thread, (void *)(intptr_t)8);
    wait_for_requests(before + 1);
    int64_t until = mono_ms() + HOLD_MAX_MS;
    while (lookups_started < 4 && mono_ms() < until)
        usleep(2000);
    /* The other three are in decode_part now; give them time to reach the
     * registry, where they must wait for the first one's answer. */
    usleep(300000);
    release = true;
    for (int i = 0; i < 4; i++)
        join_lookup(t[i]);
    CHECK(requests - before == 1);
}

int main(void)
{
    listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    if (bind(listen_fd, (struct sockaddr *)&a, sizeof a) || listen(listen_fd, 16) ||
        getsockname(listen_fd, (struct sockaddr *)&a, &alen)) {
        perror("registry socket");
        return 1;
    }
    pthread_t server;
    pthread_create(&server, NULL, registry_thread, NULL);

    char err[KS_ERRLEN], url[64];
    config_init(&cfg);
    snprintf(url, sizeof url, "http://127.0.0.1:%d", ntohs(a.sin_port));
    CHECK(config_set(&cfg, "schema.registry.url", url, err) == 0);
    CHECK(config_set(&cfg, "schema.registry.timeout.ms", "15000", err) == 0);

    test_json_not_stalled();
    test_single_flight();

    stop = true;
    release = true;
    pthread_join(server, NULL);
    close(listen_fd);
    cmd_ctx_end(&ctx);
    config_free(&cfg);
    return check_summary();
}
