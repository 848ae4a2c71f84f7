/* A program outside the nninit tree, built against an installed nninit
 * (scripts/package.sh builds it with pkg-config, CMake's find_package and
 * Meson's dependency()). It checks that the headers and the library agree
 * on the version and that the library computes the Philox4x32-10 known
 * answer (Random123's kat_vectors: key 0, counter 0) and a fill. */
#include <nninit.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    static const uint32_t kat[4] = {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu,
                                    0x9b00dbd8u};
    uint32_t bits[4];
    float w[64 * 32];
    int64_t shape[2] = {64, 32};
    nninit_status st;

    if (strcmp(nninit_version(), NNINIT_VERSION_STRING) != 0) {
        fprintf(stderr, "library %s, headers %s\n", nninit_version(),
                NNINIT_VERSION_STRING);
        return 1;
    }
    st = nninit_fill_bits(nninit_rng_make(0, 0), bits, 4);
    if (st != NNINIT_OK || memcmp(bits, kat, sizeof kat) != 0) {
        fprintf(stderr, "Philox known answer: %s, %08x %08x %08x %08x\n",
                nninit_status_str(st), bits[0], bits[1], bits[2], bits[3]);
        return 1;
    }
    st = nninit_kaiming_normal(nninit_rng_make(42, 0), NNINIT_F32, w, shape, 2,
                               0.0, NNINIT_FAN_IN, NNINIT_RELU);
    if (st != NNINIT_OK) {
        fprintf(stderr, "kaiming_normal: %s\n", nninit_status_str(st));
        return 1;
    }
    printf("nninit %s, %s path: ok\n", nninit_version(),
           nninit_isa_name(nninit_isa_active()));
    return 0;
}
