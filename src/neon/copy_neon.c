/* The large-output copy. AArch64's non-temporal pair store (STNP) has no
 * ACLE intrinsic, and it is only a hint that cores may ignore; plain
 * 64-byte vector copies keep this portable and let the core's write
 * streaming detection do the rest. */
#include <string.h>

#include "neon.h"

void nn_copy_nt_neon(void *restrict dst, const void *restrict src,
                     size_t bytes)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    for (; bytes >= 64; bytes -= 64, d += 64, s += 64) {
        uint8x16_t a = vld1q_u8(s), b = vld1q_u8(s + 16);
        uint8x16_t c = vld1q_u8(s + 32), e = vld1q_u8(s + 48);
        vst1q_u8(d, a);
        vst1q_u8(d + 16, b);
        vst1q_u8(d + 32, c);
        vst1q_u8(d + 48, e);
    }
    memcpy(d, s, bytes);
}
