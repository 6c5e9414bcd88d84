/* A small, fast pseudo-random generator for test data (xorshift64*): not
 * for anything secret. One per thread; the caller owns it. */
#ifndef KS_RNG_H
#define KS_RNG_H

#include <stdint.h>

typedef struct {
    uint64_t s;
} ks_rng_t;

/* seed 0 picks one from the clock and the pid. */
void rng_seed(ks_rng_t *r, uint64_t seed);
uint64_t rng_next(ks_rng_t *r);
/* Uniform in [lo, hi] (lo <= hi; the whole int64 range works). */
int64_t rng_range(ks_rng_t *r, int64_t lo, int64_t hi);
/* Uniform in [0, 1). */
double rng_unit(ks_rng_t *r);
/* A random version-4 UUID, "xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx", into buf. */
void rng_uuid(ks_rng_t *r, char buf[37]);

#endif
