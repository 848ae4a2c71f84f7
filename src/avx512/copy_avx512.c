/* The large-output copy with non-temporal 64-byte stores (vmovntdq zmm),
 * after a head of ordinary stores up to a 64-byte boundary; see
 * src/avx2/copy_avx2.c for why and for the sfence. */
#include "intrin_avx512.h"
#include <stdint.h>
#include <string.h>

#include "avx512.h"

void nn_copy_nt_avx512(void *restrict dst, const void *restrict src,
                       size_t bytes)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    size_t head = (size_t)(-(uintptr_t)d & 63u);
    if (head > bytes)
        head = bytes;
    memcpy(d, s, head);
    d += head;
    s += head;
    bytes -= head;
    for (; bytes >= 128; bytes -= 128, d += 128, s += 128) {
        __m512i a = _mm512_loadu_si512((const void *)s);
        __m512i b = _mm512_loadu_si512((const void *)(s + 64));
        _mm512_stream_si512((void *)d, a);
        _mm512_stream_si512((void *)(d + 64), b);
    }
    for (; bytes >= 64; bytes -= 64, d += 64, s += 64)
        _mm512_stream_si512((void *)d, _mm512_loadu_si512((const void *)s));
    memcpy(d, s, bytes);
    _mm_sfence();
}
