/*
 * Template: the AVX-512 driver of a float32 -> 16-bit conversion
 * (bf16_avx512.c, f16_avx512.c): 32 values per step, the rest 16 at a time
 * under an opmask (masked loads and stores: nothing outside [in, in + n) or
 * [out, out + n) is touched). The 8-lane ISAs share src/simd/half_tpl.h
 * instead, whose partial step goes through a buffer.
 *
 * Parameters, defined before including this (undefined at the end):
 *   NN_H16_NAME        the kernel's name
 *   NN_H16_ROUND(x)    the 16 roundings of x in the 16-bit lanes of a
 *                      __m256i
 *   NN_H16_VALUE(h)    the values of those 16 results, as a __m512 (exact)
 *   NN_H16_RNE         the scalar conversion, for the bounds
 * The clamp is here, once: a result whose value is below lo or above hi
 * becomes the bound's own 16-bit pattern.
 */
static inline __m256i nn_h16_one(__m512 x, __m512 lo, __m512 hi, __m256i hlo,
                                 __m256i hhi)
{
    __m256i h = NN_H16_ROUND(x);
    __m512 y = NN_H16_VALUE(h);
    h = _mm256_mask_blend_epi16(_mm512_cmp_ps_mask(y, lo, _CMP_LT_OQ), h, hlo);
    h = _mm256_mask_blend_epi16(_mm512_cmp_ps_mask(y, hi, _CMP_GT_OQ), h, hhi);
    return h;
}

void NN_H16_NAME(const float *restrict in, uint16_t *restrict out, size_t n,
                 float lo, float hi)
{
    const __m512 vlo = _mm512_set1_ps(lo), vhi = _mm512_set1_ps(hi);
    const __m256i hlo = _mm256_set1_epi16((short)NN_H16_RNE(lo));
    const __m256i hhi = _mm256_set1_epi16((short)NN_H16_RNE(hi));
    size_t i = 0;
    for (; n - i >= 32; i += 32) {
        __m256i a = nn_h16_one(_mm512_loadu_ps(in + i), vlo, vhi, hlo, hhi);
        __m256i b =
            nn_h16_one(_mm512_loadu_ps(in + i + 16), vlo, vhi, hlo, hhi);
        _mm256_storeu_si256((__m256i *)(out + i), a);
        _mm256_storeu_si256((__m256i *)(out + i + 16), b);
    }
    for (; i < n; i += 16) {
        __mmask16 m =
            n - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - i)) - 1);
        __m256i a =
            nn_h16_one(_mm512_maskz_loadu_ps(m, in + i), vlo, vhi, hlo, hhi);
        _mm256_mask_storeu_epi16(out + i, m, a);
    }
}

#undef NN_H16_NAME
#undef NN_H16_ROUND
#undef NN_H16_VALUE
#undef NN_H16_RNE
