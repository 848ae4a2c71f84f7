/*
 * The default floating-point environment for nninit's computations (see
 * src/core/fpenv.h): the per-architecture control registers.
 *
 * x86-64: MXCSR. The default is 0x1F80 (every exception masked, round to
 *   nearest, FTZ and DAZ off); its low 6 bits are the sticky exception
 *   flags, which are left as they are. The x87 unit is not used for float
 *   or double on x86-64.
 * AArch64: FPCR. The default is 0 (round to nearest, FZ/FZ16 and default-NaN
 *   off, no traps). FPSR holds the flags and is not touched.
 * Elsewhere: the rounding mode through <fenv.h> (C has no portable name
 *   for flush or trap modes).
 */
#include "../core/fpenv.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <xmmintrin.h>

#define NN_CSR_DEFAULT 0x1F80u
#define NN_CSR_FLAGS 0x3Fu

nn_fpenv nn_fpenv_enter(void)
{
    nn_fpenv e = {_mm_getcsr(), 0};
    if ((e.saved & ~NN_CSR_FLAGS) != NN_CSR_DEFAULT) {
        _mm_setcsr(NN_CSR_DEFAULT | ((unsigned)e.saved & NN_CSR_FLAGS));
        e.changed = 1;
    }
    return e;
}

void nn_fpenv_leave(const nn_fpenv *e)
{
    if (e->changed)
        _mm_setcsr(((unsigned)e->saved & ~NN_CSR_FLAGS) |
                   (_mm_getcsr() & NN_CSR_FLAGS));
}

#elif defined(__aarch64__)

static unsigned long get_fpcr(void)
{
    unsigned long v;
    __asm__ volatile("mrs %0, fpcr" : "=r"(v));
    return v;
}

static void set_fpcr(unsigned long v)
{
    __asm__ volatile("msr fpcr, %0" : : "r"(v));
}

nn_fpenv nn_fpenv_enter(void)
{
    nn_fpenv e = {get_fpcr(), 0};
    if (e.saved != 0) {
        set_fpcr(0);
        e.changed = 1;
    }
    return e;
}

void nn_fpenv_leave(const nn_fpenv *e)
{
    if (e->changed)
        set_fpcr(e->saved);
}

#else
#include <fenv.h>

nn_fpenv nn_fpenv_enter(void)
{
    nn_fpenv e = {(unsigned long)fegetround(), 0};
    if ((int)e.saved != FE_TONEAREST) {
        fesetround(FE_TONEAREST);
        e.changed = 1;
    }
    return e;
}

void nn_fpenv_leave(const nn_fpenv *e)
{
    if (e->changed)
        fesetround((int)e->saved);
}
#endif
