/*
 * Philox4x32-10 against the reference: Random123's published known-answer
 * vectors (kat_vectors: all-zero, all-ones and pi-digit counters/keys), and
 * Random123's own philox4x32 (Debian librandom123-dev) on many counters.
 * Then the word sequence of nninit_fill_bits: word j = word j % 4 of block
 * j / 4 with counter (j/4 lo, j/4 hi, stream lo, stream hi), key = seed.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "nninit.h"
#include "scalar/philox.h"

#ifdef HAVE_RANDOM123
#include <Random123/philox.h>
#endif

static const struct {
    uint32_t ctr[4], key[2], expect[4];
} kat[] = {
    /* Random123 kat_vectors, "philox4x32 10" lines. */
    {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
     {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
};

Test(philox, known_answers)
{
    for (size_t i = 0; i < sizeof kat / sizeof kat[0]; i++) {
        uint32_t out[4];
        nn_philox4x32_10(kat[i].ctr, kat[i].key, out);
        for (int k = 0; k < 4; k++)
            cr_expect_eq(out[k], kat[i].expect[k],
                         "vector %zu word %d: %08x != %08x", i, k, out[k],
                         kat[i].expect[k]);
    }
}

#ifdef HAVE_RANDOM123
Test(philox, matches_random123_reference)
{
    /* A xorshift walk over counters and keys, plus edge counters. */
    uint64_t s = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 100000; i++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        philox4x32_ctr_t c = {{(uint32_t)s, (uint32_t)(s >> 32),
                               (uint32_t)(s * 3), (uint32_t)(i & 7 ? s >> 16
                                                                   : ~0u)}};
        philox4x32_key_t k = {{(uint32_t)(s >> 11), (uint32_t)(s >> 29)}};
        philox4x32_ctr_t r = philox4x32_R(10, c, k);
        uint32_t out[4];
        nn_philox4x32_10(c.v, k.v, out);
        cr_assert(memcmp(out, r.v, sizeof out) == 0, "counter walk step %d",
                  i);
    }
}
#endif

Test(philox, word_sequence_layout)
{
    const uint64_t seed = 0x0123456789ABCDEFull, stream = 0xFEDCBA9876543210ull;
    uint32_t key[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};
    nninit_rng rng = nninit_rng_make(seed, stream);
    uint32_t words[64];
    /* Offsets around the 2^32 block boundary check the counter's high word. */
    const uint64_t offsets[] = {0, 1, 4, 7, 0x3FFFFFFFDull, 0x400000000ull - 5,
                                UINT64_MAX - 63};
    for (size_t t = 0; t < sizeof offsets / sizeof offsets[0]; t++) {
        rng.offset = offsets[t];
        cr_assert_eq(nninit_fill_bits(rng, words, 64), NNINIT_OK);
        for (uint64_t i = 0; i < 64; i++) {
            uint64_t j = offsets[t] + i, b = j >> 2;
            uint32_t ctr[4] = {(uint32_t)b, (uint32_t)(b >> 32),
                               (uint32_t)stream, (uint32_t)(stream >> 32)};
            uint32_t out[4];
            nn_philox4x32_10(ctr, key, out);
            cr_assert_eq(words[i], out[j & 3], "offset %llu word %llu",
                         (unsigned long long)offsets[t],
                         (unsigned long long)i);
        }
    }
}
