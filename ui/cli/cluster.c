/* `kafscope cluster`: runs only the embedded demo cluster, for kcat, other
 * clients and other kafscope processes to connect to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "world/embedded.h"

int cluster_run(int argc, char **argv)
{
    int brokers = 3;
    bool empty = false;
    for (int i = 1; i < argc; i++) {
        int64_t n;
        if (!strcmp(argv[i], "--empty")) {
            empty = true;
        } else if (!strcmp(argv[i], "--brokers") && i + 1 < argc) {
            if (!parse_int64(argv[++i], 1, 16, &n)) {
                fprintf(stderr, "kafscope cluster: --brokers: expected 1 to 16, got '%s'\n", argv[i]);
                return 2;
            }
            brokers = (int)n;
        } else {
            fprintf(stderr, "kafscope cluster: unknown argument '%s'\n"
                            "usage: kafscope cluster [--brokers N] [--empty]\n", argv[i]);
            return 2;
        }
    }
    char err[KS_ERRLEN];
    ks_embedded_t *e = embedded_start(brokers, !empty, err);
    if (!e) {
        fprintf(stderr, "kafscope: %s\n", err);
        return 1;
    }
    printf("%s\n", embedded_bootstraps(e));
    fflush(stdout);
    fprintf(stderr, "kafscope: embedded demo cluster with %d broker%s%s; Ctrl-C stops it\n",
            brokers, brokers == 1 ? "" : "s", empty ? " (empty)" : ", demo topics and traffic");
    while (!app_interrupted)
        sleep_ms(100);
    embedded_stop(e);
    return 0;
}
