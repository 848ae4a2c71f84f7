/*
 * The intrinsics of this folder: <immintrin.h> in the ordinary (native)
 * build; in the emulated build (meson -Davx512_emulate=true, which defines
 * NNINIT_AVX512_EMU) SIMDe's AVX-512 under the native names plus our own
 * exact emulations of what SIMDe lacks (emu_avx512.h), so that the same
 * sources run, and are tested, on a CPU without AVX-512.
 */
#ifndef NNINIT_INTRIN_AVX512_H
#define NNINIT_INTRIN_AVX512_H

#ifdef NNINIT_AVX512_EMU
#include "emu_avx512.h"
#else
#include <immintrin.h>
#endif

#endif
