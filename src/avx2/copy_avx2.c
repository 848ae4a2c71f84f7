/* The large-output copy with non-temporal 32-byte stores (vmovntdq): the
 * destination lines are written without first being read from memory and
 * without evicting the caller's working set. vmovntdq needs a 32-byte
 * aligned destination, so a head of up to 31 bytes and the tail are copied
 * with ordinary stores; the sfence orders the streaming stores before any
 * later store (another thread may read the output once the fill returns). */
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#include "avx2.h"

void nn_copy_nt_avx2(void *restrict dst, const void *restrict src,
                     size_t bytes)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    size_t head = (size_t)(-(uintptr_t)d & 31u);
    if (head > bytes)
        head = bytes;
    memcpy(d, s, head);
    d += head;
    s += head;
    bytes -= head;
    for (; bytes >= 128; bytes -= 128, d += 128, s += 128) {
        __m256i a = _mm256_loadu_si256((const __m256i *)s);
        __m256i b = _mm256_loadu_si256((const __m256i *)(s + 32));
        __m256i c = _mm256_loadu_si256((const __m256i *)(s + 64));
        __m256i e = _mm256_loadu_si256((const __m256i *)(s + 96));
        _mm256_stream_si256((__m256i *)d, a);
        _mm256_stream_si256((__m256i *)(d + 32), b);
        _mm256_stream_si256((__m256i *)(d + 64), c);
        _mm256_stream_si256((__m256i *)(d + 96), e);
    }
    for (; bytes >= 32; bytes -= 32, d += 32, s += 32)
        _mm256_stream_si256((__m256i *)d,
                            _mm256_loadu_si256((const __m256i *)s));
    memcpy(d, s, bytes);
    _mm_sfence();
}
