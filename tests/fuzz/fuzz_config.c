/* libFuzzer: the config file parser ([cluster NAME] sections, settings) and
 * the -F properties parser, on files the fuzzer writes. Either may fail with
 * a message; neither may crash, leak or read past what it was given. The
 * first byte picks the parser and, for the config file, the cluster asked
 * for. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kafka/config.h"
#include "base/util.h"

static int fd = -1;
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* A setting may name a file to read (decoder ... avro FILE): never the
     * fuzzer's own stdin. */
    if (!freopen("/dev/null", "r", stdin))
        abort();
    fd = memfd_create("fuzz_config", 0);
    if (fd < 0)
        abort();
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t mode = data[0];
    if (ftruncate(fd, 0) || pwrite(fd, data + 1, size - 1, 0) != (ssize_t)(size - 1))
        abort();
    ks_config_t cfg;
    config_init(&cfg);
    char err[KS_ERRLEN] = "";
    int rc;
    if (mode & 1)
        rc = config_load_properties(&cfg, path, err);
    else
        rc = config_load_file(&cfg, path, mode & 2 ? "prod" : NULL, err);
    if (rc && !err[0])
        abort();
    config_free(&cfg);
    return 0;
}
