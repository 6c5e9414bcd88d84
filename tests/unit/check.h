/* A minimal test harness for unit tests: CHECK records a failure with its
 * location and goes on; check_summary prints "N passed, N failed" (a line
 * CI recognises) and gives the exit status. */
#ifndef KS_CHECK_H
#define KS_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (cond) {                                                                      \
            check_passed++;                                                              \
        } else {                                                                         \
            check_failed++;                                                              \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);     \
        }                                                                                \
    } while (0)

#define CHECK_STR(got, want)                                                             \
    do {                                                                                 \
        const char *g_ = (got), *w_ = (want);                                            \
        if (g_ && w_ && !strcmp(g_, w_)) {                                               \
            check_passed++;                                                              \
        } else {                                                                         \
            check_failed++;                                                              \
            fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__,      \
                    g_ ? g_ : "(null)", w_ ? w_ : "(null)");                             \
        }                                                                                \
    } while (0)

static inline int check_summary(void)
{
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
