#include <stdlib.h>

#include "commands/argsplit.h"
#include "check.h"
#include "base/util.h"

static void split_ok(const char *line, int want_argc, const char *const *want)
{
    int argc;
    char **argv;
    char err[KS_ERRLEN];
    CHECK(argsplit(line, &argc, &argv, err) == 0);
    CHECK(argc == want_argc);
    for (int i = 0; i < argc && i < want_argc; i++)
        CHECK_STR(argv[i], want[i]);
    argv_free(argc, argv);
}

int main(void)
{
    split_ok("", 0, NULL);
    split_ok("   \t ", 0, NULL);
    split_ok("topics", 1, (const char *[]){"topics"});
    split_ok("  tail   t1  --count 5 ", 4, (const char *[]){"tail", "t1", "--count", "5"});
    split_ok("produce t '{\"a\": 1, \"b\": \"x y\"}'", 3,
             (const char *[]){"produce", "t", "{\"a\": 1, \"b\": \"x y\"}"});
    split_ok("a \"b \\\"c\\\" \\\\ d\" e", 3, (const char *[]){"a", "b \"c\" \\ d", "e"});
    split_ok("a\\ b c", 2, (const char *[]){"a b", "c"});
    split_ok("x'y'\"z\"", 1, (const char *[]){"xyz"});
    split_ok("'' \"\"", 2, (const char *[]){"", ""});
    split_ok("'a\\b'", 1, (const char *[]){"a\\b"});

    char err[KS_ERRLEN];
    int argc;
    char **argv;
    CHECK(argsplit("produce t 'unterminated", &argc, &argv, err) == -1);
    CHECK(strstr(err, "single quote") != NULL);
    CHECK(argsplit("a \"b", &argc, &argv, err) == -1);
    CHECK(strstr(err, "double quote") != NULL);
    CHECK(argsplit("a b\\", &argc, &argv, err) == -1);
    CHECK(strstr(err, "backslash") != NULL);
    return check_summary();
}
