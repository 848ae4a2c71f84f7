/*
 * The 256-layer Ziggurat of the standard normal (Marsaglia & Tsang, "The
 * Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8),
 * 2000; the 256-layer layout of numpy's distributions.c). The values are in
 * ziggurat_tables.c, written by tools/gen_ziggurat.c; the meson test
 * ziggurat-tables-regenerate checks that they are what the generator makes.
 *
 * Geometry. f(x) = exp(-x^2/2), the density without its constant. The area
 * under f for x >= 0 is cut into 256 pieces of equal area V:
 *   - layer 0, the base strip: [0, R] x [0, f(R)] plus the tail x > R;
 *   - layer i = 1 .. 255: the rectangle [0, x_i] x [f(x_i), f(x_{i-1})],
 *     with R = x_255 > x_254 > ... > x_1 > x_0 = 0, f(x_0) = 1; so layer
 *     255 sits on the base strip and layer 1 is the top one.
 * R = nn_zig_r = 3.6541528853610088, V = nn_zig_v = 0.0049286732339746554.
 * A draw picks a layer i uniformly and a point x uniform on [0, x_i) (on
 * [0, q) for layer 0, q = V / f(R): the base strip stretched to a rectangle
 * of height f(R) that holds the tail's area too).
 *
 * Tables, for an m of B random bits (B = 23 for float32, 52 for float64):
 *   wi[i]  width / 2^B, so x = m * wi[i] is uniform on [0, width):
 *          width = q for i = 0, x_i otherwise.
 *   ki[i]  floor(inner / width * 2^B), inner = R for i = 0, x_{i-1}
 *          otherwise: the fast test m < ki[i] means x < inner, i.e. the
 *          point is under the density at any height, and is accepted. This
 *          holds for the computed x too: in every layer and both precisions
 *          m = ki[i] - 1 gives a rounded m * wi[i] below inner (the
 *          generator checks it). The m >= ki[i] whose x still rounds below
 *          inner go to the wedge test, which accepts them. ki[1] = 0: the
 *          top layer has no inner part and always goes to the wedge test.
 *          For layer 0, m >= ki[0] means x >= R (to one step q / 2^B of
 *          m): the point is in the part of the stretched strip that stands
 *          for the tail, and the slow path samples the tail. So the slow
 *          path of layer 0 is only the tail.
 *   fi_d[i] f(x_i) in double, fi_d[0] = f(x_0) = 1: the wedge test of layer
 *          i >= 1 compares a height uniform on [fi_d[i], fi_d[i-1]) with
 *          f(x). Shared by float32 and float64 (the slow path works in
 *          double). fi_d[255] = f(R).
 *   kw_f32[i] = ki_f[i] | (uint64_t)bits(wi_f[i]) << 32: both float32
 *          entries in one 64-bit load, for a vector path's gather.
 *
 * Every value is the exact one rounded once (floored, for ki) to its type.
 * The fast test passes with probability sum_i ki[i] / 2^B / 256 = 0.98508
 * (both precisions); a draw goes to the wedge test with probability 0.01466
 * and to the tail with probability 0.00026 (6.6% of the base strip's draws).
 * (An attempt is accepted, fast or after a wedge or tail test, with
 * probability sqrt(pi/2) / (256 V) = 0.99332.)
 *
 * The tables are 64-byte aligned, so one gather touches as few cache lines
 * as possible.
 */
#ifndef NNINIT_ZIGGURAT_TABLES_H
#define NNINIT_ZIGGURAT_TABLES_H

#include <stdint.h>

#include "../core/kernels.h"

/* R, the start of the tail, and V, the area of every layer. */
extern const double nn_zig_r NN_HIDDEN;
extern const double nn_zig_v NN_HIDDEN;

/* float32: 23-bit m. */
extern const uint32_t nn_zig_ki_f[256] NN_HIDDEN;
extern const float nn_zig_wi_f[256] NN_HIDDEN;
extern const uint64_t nn_zig_kw_f32[256] NN_HIDDEN;

/* float64: 52-bit m. */
extern const uint64_t nn_zig_ki_d[256] NN_HIDDEN;
extern const double nn_zig_wi_d[256] NN_HIDDEN;

/* f(x_i), both precisions. */
extern const double nn_zig_fi_d[256] NN_HIDDEN;

#endif /* NNINIT_ZIGGURAT_TABLES_H */
