/*
 * The floating-point environment the library computes in.
 *
 * Every value nninit computes is defined under IEEE 754's default
 * environment: round to nearest even, subnormals kept (no flush-to-zero or
 * denormals-are-zero), exceptions masked. A caller's environment may differ
 * (torch.set_flush_denormal(True) sets FTZ and DAZ; fesetround;
 * feenableexcept), and would otherwise change the bits, or raise SIGFPE
 * inside a kernel. So each public function that computes in floating point
 * opens an NN_FPENV_SCOPE: on entry it switches the calling thread to the
 * default environment if it is not in it already, and on every return it
 * puts the caller's modes back (keeping the exception flags raised in
 * between, as any computation would). The pool's workers are started only
 * from inside such a scope (nn_parallel_for has no other caller), so they
 * inherit the default environment. Implemented where the ISAs meet
 * (src/dispatch/fpenv.c); this header includes no intrinsics.
 */
#ifndef NNINIT_FPENV_H
#define NNINIT_FPENV_H

#include "kernels.h" /* NN_HIDDEN */

typedef struct nn_fpenv {
    unsigned long saved; /* the caller's control register */
    int changed;         /* 0: it was the default already, nothing to undo */
} nn_fpenv;

/* Switch the calling thread to the default environment; returns what to
 * give nn_fpenv_leave. Nested scopes cost one register read. */
NN_HIDDEN nn_fpenv nn_fpenv_enter(void);
/* Give the caller's modes back (a no-op when enter changed nothing). */
NN_HIDDEN void nn_fpenv_leave(const nn_fpenv *e);

#if defined(__GNUC__)
/* The scope of a public function: leave runs on every return path. The
 * variable is only read by the cleanup, which Clang counts as unused. */
#define NN_FPENV_SCOPE                                                         \
    nn_fpenv nn_fpenv_scope_                                                   \
        __attribute__((cleanup(nn_fpenv_leave), unused)) = nn_fpenv_enter()
#else
#error "nninit needs GCC or Clang (__attribute__((cleanup)))"
#endif

#endif
