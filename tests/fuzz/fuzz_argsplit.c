/* libFuzzer: the command-line splitter (every line typed in the REPL, the
 * TUI's command line and --script files). It must either fail with a
 * message or return argc words, NULL-terminated, none longer than the line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "commands/argsplit.h"
#include "base/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = strndup((const char *)data, size);
    char err[KS_ERRLEN] = "";
    int argc = -1;
    char **argv = NULL;
    if (argsplit(line, &argc, &argv, err)) {
        if (!err[0] || argv)
            abort();
    } else {
        if (argc < 0 || !argv || argv[argc])
            abort();
        size_t len = strlen(line);
        for (int i = 0; i < argc; i++)
            if (!argv[i] || strlen(argv[i]) > len)
                abort();
        argv_free(argc, argv);
    }
    free(line);
    return 0;
}
