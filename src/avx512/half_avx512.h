/*
 * Template: the AVX-512 driver of a float32 -> 16-bit conversion
 * (bf16_avx512.c, f16_avx512.c): 32 values per step, the rest 16 at a time
 * under an opmask (masked loads and stores: nothing outside [in, in + n) or
 * [out, out + n) is touched). The 8-lane ISAs share src/simd/half_tpl.h
 * instead, whose partial step goes through a buffer.
 *
 * Parameters, defined before including this (undefined at the end):
 *   NN_H16_NAME        the kernel's name
 *   NN_H16_ONE(x, lo, hi, hlo, hhi)   16 results in the 16-bit lanes of a
 *                      __m256i: the rounding and the clamp (hlo, hhi: the
 *                      bounds already converted, in every 16-bit lane)
 *   NN_H16_RNE         the scalar conversion, for the bounds
 */
void NN_H16_NAME(const float *restrict in, uint16_t *restrict out, size_t n,
                 float lo, float hi)
{
    const __m512 vlo = _mm512_set1_ps(lo), vhi = _mm512_set1_ps(hi);
    const __m256i hlo = _mm256_set1_epi16((short)NN_H16_RNE(lo));
    const __m256i hhi = _mm256_set1_epi16((short)NN_H16_RNE(hi));
    size_t i = 0;
    for (; n - i >= 32; i += 32) {
        __m256i a = NN_H16_ONE(_mm512_loadu_ps(in + i), vlo, vhi, hlo, hhi);
        __m256i b =
            NN_H16_ONE(_mm512_loadu_ps(in + i + 16), vlo, vhi, hlo, hhi);
        _mm256_storeu_si256((__m256i *)(out + i), a);
        _mm256_storeu_si256((__m256i *)(out + i + 16), b);
    }
    for (; i < n; i += 16) {
        __mmask16 m =
            n - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - i)) - 1);
        __m256i a =
            NN_H16_ONE(_mm512_maskz_loadu_ps(m, in + i), vlo, vhi, hlo, hhi);
        _mm256_mask_storeu_epi16(out + i, m, a);
    }
}

#undef NN_H16_NAME
#undef NN_H16_ONE
#undef NN_H16_RNE
