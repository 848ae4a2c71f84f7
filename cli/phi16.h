/* The top 16 bits of Phi(x) for float32 x, as `nninit bits --as normal`
 * maps a normal value back to a uniform (see phi16.c). */
#ifndef NNINIT_CLI_PHI16_H
#define NNINIT_CLI_PHI16_H

#include <stdint.h>

/* floor(Phi(x) * 2^16) clamped to [0, 65535], with Phi(x) computed as
 * 0.5 * erfc(-x / sqrt 2) in float64: the definition, one libm call. */
uint32_t phi16_direct(float x);

/* The same value from tables (a threshold per bin and a grid over x that
 * points into them): 2-3 times faster than libm's erfc. Exact wherever
 * phi16_direct is monotone in x (tests/test_phi16.c checks every threshold's
 * neighbours). NaN maps to 0. phi16_init must have returned 0 first. */
uint32_t phi16(float x);

/* Builds the tables once (thread-safe, idempotent); 0, or -1 when out of
 * memory. */
int phi16_init(void);

/* Threshold j (1 <= j <= 65535): the least float32 x with
 * phi16_direct(x) >= j, for the tests. */
float phi16_threshold(uint32_t j);

#endif /* NNINIT_CLI_PHI16_H */
