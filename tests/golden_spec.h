/* What the golden values are: GOLDEN_N values of each fill case for two
 * seeds x two offsets, widened to uint64 bit patterns. Shared by the
 * generator, the Criterion test and the aarch64 conformance program. */
#ifndef NNINIT_GOLDEN_SPEC_H
#define NNINIT_GOLDEN_SPEC_H

#include <string.h>

#include "fill_cases.h"

#define GOLDEN_N 12
#define GOLDEN_RUNS 4

static const uint64_t golden_seeds[2] = {0, 0x9E3779B97F4A7C15ull};
static const uint64_t golden_offsets[2] = {0, 1000003};

/* Element i of a buffer of es-byte elements, widened to uint64. */
static inline uint64_t golden_bits_at(const unsigned char *buf, size_t es,
                                      size_t i)
{
    uint64_t v = 0;
    if (es == 8) {
        memcpy(&v, buf + 8 * i, 8);
    } else if (es == 4) {
        uint32_t w;
        memcpy(&w, buf + 4 * i, 4);
        v = w;
    } else {
        uint16_t h;
        memcpy(&h, buf + 2 * i, 2);
        v = h;
    }
    return v;
}

static inline nninit_status golden_run(const fill_case *c, int run,
                                       uint64_t bits[GOLDEN_N])
{
    nninit_rng rng = nninit_rng_make(golden_seeds[run / 2], 5);
    rng.offset = golden_offsets[run % 2];
    unsigned char buf[GOLDEN_N * 8];
    nninit_status st = fill_case_run(c, rng, buf, GOLDEN_N);
    size_t es = fill_case_elem_size(c);
    for (int i = 0; i < GOLDEN_N; i++)
        bits[i] = golden_bits_at(buf, es, (size_t)i);
    return st;
}

#endif
