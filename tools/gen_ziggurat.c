/*
 * gen_ziggurat: computes the 256-layer Ziggurat of the standard normal and
 * writes src/scalar/ziggurat_tables.c (the layout is documented in
 * src/scalar/ziggurat_tables.h).
 *
 *     gen_ziggurat                 print the tables on stdout
 *     gen_ziggurat -o FILE         write them to FILE
 *     gen_ziggurat --check FILE    regenerate in memory and compare with FILE
 *                                  byte for byte (exit 1 on a difference);
 *                                  the meson test ziggurat-tables-regenerate
 *
 * Method: Marsaglia & Tsang, "The Ziggurat Method for Generating Random
 * Variables", J. Stat. Softw. 5(8), 2000, with 256 layers as in numpy's
 * distributions.c. Let f(x) = exp(-x^2/2) (the unnormalized density) and
 * x_1 < x_2 < ... < x_255 = R the right edges of the layers. Every layer has
 * the same area V:
 *   base strip (layer 0):  R f(R) + tail(R) = V,
 *                          tail(R) = int_R^inf f = sqrt(pi/2) - int_0^R f,
 *   layer i, 1 <= i <= 255: x_i (f(x_{i-1}) - f(x_i)) = V, with f(x_0) = 1,
 * so going up, x_{i-1} = f^-1(f(x_i) + V / x_i). R is the root of the
 * closure condition of the top layer, x_1 (1 - f(x_1)) = V, found by
 * bisection and rounded to double; the tables are then built from that
 * double R (the very value the tail sampler uses), with V computed from it.
 *
 * Arithmetic: double-double (a value is an unevaluated sum hi + lo of two
 * doubles, about 104 bits; Dekker 1971, the QD library of Hida, Li & Bailey
 * 2001), with our own exp, log and series for the normal integral, built
 * only on +, -, *, /, sqrt and fma, which IEEE 754 rounds correctly, and on
 * exact operations (frexp, ldexp, floor, nearbyint, nextafterf). So the
 * generated file is the same on every platform and with every libm. Long
 * double would not do: through the 254 steps of the recursion, x86's 64-bit
 * significand left 13 of the double values 1 ulp off, so x86 and aarch64
 * (113-bit long double) wrote different files. Every value is rounded once,
 * from double-double, to its output type; all of them agree with a 70-digit
 * computation (the nearest rounding boundary is 1.6 * 2^-64 away in relative
 * terms, far beyond the ~2^-100 error of the double-double values).
 *
 * This program is not part of the library.
 */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
#error "double-double arithmetic needs FLT_EVAL_METHOD == 0"
#endif

#define LAYERS 256

/* ------------------------------------------------------- double-double */

typedef struct {
    double hi, lo; /* |lo| <= ulp(hi) / 2 */
} dd;

static dd dd_d(double a)
{
    return (dd){a, 0.0};
}

/* a + b exactly, as a double-double (Knuth's TwoSum). */
static dd two_sum(double a, double b)
{
    double s = a + b, bb = s - a;
    return (dd){s, (a - (s - bb)) + (b - bb)};
}

/* a + b exactly when |a| >= |b| (Dekker's FastTwoSum). */
static dd fast_two_sum(double a, double b)
{
    double s = a + b;
    return (dd){s, b - (s - a)};
}

/* a * b exactly: the fma gives the rounding error of the product. */
static dd two_prod(double a, double b)
{
    double p = a * b;
    return (dd){p, fma(a, b, -p)};
}

static dd dd_add(dd a, dd b)
{
    dd s = two_sum(a.hi, b.hi), t = two_sum(a.lo, b.lo);
    s = fast_two_sum(s.hi, s.lo + t.hi);
    return fast_two_sum(s.hi, s.lo + t.lo);
}

static dd dd_neg(dd a)
{
    return (dd){-a.hi, -a.lo};
}
static dd dd_sub(dd a, dd b)
{
    return dd_add(a, dd_neg(b));
}

static dd dd_mul(dd a, dd b)
{
    dd p = two_prod(a.hi, b.hi);
    return fast_two_sum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

/* Long division, three quotient digits. */
static dd dd_div(dd a, dd b)
{
    double q1 = a.hi / b.hi;
    dd r = dd_sub(a, dd_mul(b, dd_d(q1)));
    double q2 = r.hi / b.hi;
    r = dd_sub(r, dd_mul(b, dd_d(q2)));
    double q3 = r.hi / b.hi;
    return dd_add(fast_two_sum(q1, q2), dd_d(q3));
}

/* Times 2^k: exact. */
static dd dd_ldexp(dd a, int k)
{
    return (dd){ldexp(a.hi, k), ldexp(a.lo, k)};
}

static int dd_lt(dd a, dd b)
{
    return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo);
}

/* One Newton step from the correctly rounded double square root. */
static dd dd_sqrt(dd a)
{
    dd s = dd_d(sqrt(a.hi));
    return dd_add(s, dd_div(dd_sub(a, dd_mul(s, s)), dd_ldexp(s, 1)));
}

/* ln 2 and pi, rounded to double-double. */
static const dd DD_LN2 = {0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56};
static const dd DD_PI = {0x1.921fb54442d18p+1, 0x1.1a62633145c07p-53};

/*
 * exp(x) for |x| < 700: x = k ln2 + r with |r| <= ln2 / 2, then
 * e^r = (e^(r/2^10))^(2^10): the Taylor series of expm1 on |t| < 2^-10.5
 * needs 11 terms for 2^-110, and squaring in the form
 * expm1(2t) = expm1(t) (2 + expm1(t)) keeps the relative accuracy.
 */
static dd dd_exp(dd x)
{
    double k = nearbyint(x.hi / DD_LN2.hi);
    dd r = dd_sub(x, dd_mul(DD_LN2, dd_d(k)));
    dd t = dd_ldexp(r, -10);
    dd term = t, sum = t;
    for (int n = 2; n <= 12; n++) {
        term = dd_div(dd_mul(term, t), dd_d(n));
        sum = dd_add(sum, term);
    }
    for (int i = 0; i < 10; i++)
        sum = dd_mul(sum, dd_add(dd_d(2.0), sum));
    return dd_ldexp(dd_add(dd_d(1.0), sum), (int)k);
}

/*
 * log(y) for y > 0: y = m 2^k with m in [sqrt(1/2), sqrt(2)), and
 * log m = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), s = (m-1)/(m+1),
 * |s| <= 0.172: 24 terms reach 2^-120.
 */
static dd dd_log(dd y)
{
    int k;
    double m = frexp(y.hi, &k); /* y.hi = m 2^k, m in [1/2, 1) */
    if (m < 0.70710678118654752)
        k -= 1;
    dd my = dd_ldexp(y, -k); /* y / 2^k, in [sqrt(1/2), sqrt(2)) */
    dd s = dd_div(dd_sub(my, dd_d(1.0)), dd_add(my, dd_d(1.0)));
    dd s2 = dd_mul(s, s), power = s, sum = s;
    for (int n = 1; n <= 24; n++) {
        power = dd_mul(power, s2);
        sum = dd_add(sum, dd_div(power, dd_d(2 * n + 1)));
    }
    return dd_add(dd_ldexp(sum, 1), dd_mul(DD_LN2, dd_d(k)));
}

/* ---------------------------------------------------------- the ziggurat */

static dd dens(dd x)
{
    return dd_exp(dd_ldexp(dd_neg(dd_mul(x, x)), -1));
}

/*
 * tail(r) = int_r^inf f = sqrt(pi/2) - int_0^r f, and
 * int_0^r f = f(r) sum_{n>=0} r^(2n+1) / (1 3 5 ... (2n+1))
 * (Abramowitz & Stegun 26.2.11), a series of positive terms; near r = 3.65
 * the subtraction costs 12 of the ~104 bits.
 */
static dd tail_area(dd r)
{
    dd r2 = dd_mul(r, r), term = r, sum = r;
    for (int n = 1; n < 200; n++) {
        term = dd_div(dd_mul(term, r2), dd_d(2 * n + 1));
        sum = dd_add(sum, term);
        if (fabs(term.hi) < 0x1p-120 * sum.hi)
            break;
    }
    dd half_pi = dd_ldexp(DD_PI, -1);
    return dd_sub(dd_sqrt(half_pi), dd_mul(dens(r), sum));
}

/*
 * Builds x[1..255] going up from x[255] = r with every layer of area
 * v = r f(r) + tail(r). Returns the top layer's closure error
 * v / x_1 + f(x_1) - 1 (zero when the top layer [0, x_1] x [f(x_1), 1] has
 * area v; positive when r is too small, the layers then being too thick),
 * or 1 when the layers reach the top of the density before layer 1.
 */
static dd build(dd r, dd x[LAYERS], dd *v_out)
{
    dd v = dd_add(dd_mul(r, dens(r)), tail_area(r));
    x[LAYERS - 1] = r;
    for (int i = LAYERS - 1; i >= 2; i--) {
        dd y = dd_add(dens(x[i]), dd_div(v, x[i]));
        if (!dd_lt(y, dd_d(1.0)))
            return dd_d(1.0);
        x[i - 1] = dd_sqrt(dd_ldexp(dd_neg(dd_log(y)), 1));
    }
    x[0] = dd_d(0.0);
    *v_out = v;
    return dd_sub(dd_add(dd_div(v, x[1]), dens(x[1])), dd_d(1.0));
}

/* The closure root, to about 2^-95. */
static dd solve_r(void)
{
    dd x[LAYERS], v;
    dd lo = dd_d(3.0), hi = dd_d(4.0); /* build(lo) > 0 > build(hi) */
    if (!(build(lo, x, &v).hi > 0.0 && build(hi, x, &v).hi < 0.0)) {
        fprintf(stderr, "gen_ziggurat: closure not bracketed\n");
        exit(2);
    }
    for (int it = 0; it < 96; it++) {
        dd mid = dd_ldexp(dd_add(lo, hi), -1);
        if (build(mid, x, &v).hi > 0.0)
            lo = mid;
        else
            hi = mid;
    }
    return dd_ldexp(dd_add(lo, hi), -1);
}

/* Rounding to the output types. A normalized double-double's hi is its
 * value rounded to double; to float, hi may sit on a tie that lo breaks, so
 * pick the nearer of the two floats around hi. floor: hi < 2^52 is either an
 * integer (then lo says which side) or at least one ulp(hi) from every
 * integer, which |lo| <= ulp(hi) / 2 cannot cross. */
static double dd_to_double(dd a)
{
    return a.hi;
}

static float dd_to_float(dd a)
{
    float f = (float)a.hi;
    float g = dd_lt(dd_d((double)f), a) ? nextafterf(f, INFINITY)
                                        : nextafterf(f, -INFINITY);
    dd ef = dd_sub(a, dd_d((double)f)), eg = dd_sub(a, dd_d((double)g));
    ef = ef.hi < 0 ? dd_neg(ef) : ef;
    eg = eg.hi < 0 ? dd_neg(eg) : eg;
    return dd_lt(eg, ef) ? g : f;
}

static uint64_t dd_floor(dd a)
{
    double f = floor(a.hi);
    if (f == a.hi && a.lo < 0.0)
        f -= 1.0;
    return (uint64_t)f;
}

/* ------------------------------------------------------------- the text */

typedef struct {
    char *buf;
    size_t len, cap;
} text;

static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        size_t room = t->cap - t->len;
        va_start(ap, fmt);
        int k = vsnprintf(t->buf + t->len, room, fmt, ap);
        va_end(ap);
        if (k < 0) {
            fprintf(stderr, "gen_ziggurat: formatting failed\n");
            exit(2);
        }
        if ((size_t)k < room) {
            t->len += (size_t)k;
            return;
        }
        t->cap = 2 * t->cap + (size_t)k + 1;
        char *grown = realloc(t->buf, t->cap);
        if (!grown) {
            fprintf(stderr, "gen_ziggurat: out of memory\n");
            exit(2);
        }
        t->buf = grown;
    }
}

static uint32_t float_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

/* Elements per line and the start of a line for a 256-entry table. */
static void sep(text *t, int i, int per_line)
{
    if (i == 0)
        put(t, "    ");
    else if (i % per_line == 0)
        put(t, ",\n    ");
    else
        put(t, ", ");
}

static void generate(text *t)
{
    dd x[LAYERS], v;

    /* R: the closure root, rounded to the double the tail sampler uses;
     * then the layers again from exactly that R. */
    const double r = dd_to_double(solve_r());
    dd closure = build(dd_d(r), x, &v);
    if (fabs(closure.hi) > 1e-14) {
        fprintf(stderr, "gen_ziggurat: the top layer does not close\n");
        exit(2);
    }
    /* Sanity: the edges increase and every layer has area v. (The top
     * layer is off by the closure error that rounding R to double leaves:
     * its area is about 3e-14 of V too large or small, a probability error
     * near 1e-16, far below anything a test can see.) */
    for (int i = 1; i < LAYERS; i++) {
        dd top = i == 1 ? dd_d(1.0) : dens(x[i - 1]);
        dd area = dd_mul(x[i], dd_sub(top, dens(x[i])));
        double rel = fabs(dd_sub(dd_div(area, v), dd_d(1.0)).hi);
        if (!dd_lt(x[i - 1], x[i]) || rel > (i == 1 ? 1e-12 : 1e-28)) {
            fprintf(stderr, "gen_ziggurat: layer %d is wrong\n", i);
            exit(2);
        }
    }

    /* Width of the base strip stretched into a rectangle of height f(R)
     * that holds the tail's area too: q f(R) = V. */
    const dd q = dd_div(v, dens(dd_d(r)));

    uint32_t ki_f[LAYERS];
    float wi_f[LAYERS];
    uint64_t ki_d[LAYERS];
    double wi_d[LAYERS], fi_d[LAYERS];
    for (int i = 0; i < LAYERS; i++) {
        /* The width of the layer's sampling rectangle, and the edge left of
         * which a point is under the density whatever its height. */
        dd width = i == 0 ? q : x[i];
        dd inner = i == 0 ? dd_d(r) : x[i - 1];
        dd ratio = dd_div(inner, width);
        ki_f[i] = (uint32_t)dd_floor(dd_ldexp(ratio, 23));
        ki_d[i] = dd_floor(dd_ldexp(ratio, 52));
        wi_f[i] = dd_to_float(dd_ldexp(width, -23));
        wi_d[i] = dd_to_double(dd_ldexp(width, -52));
        fi_d[i] = i == 0 ? 1.0 : dd_to_double(dens(x[i]));
        /* The fast test must not accept a point whose computed x (rounded
         * as the kernels round it) is at or right of the inner edge. */
        if (ki_f[i] > 0) {
            float xf = (float)(ki_f[i] - 1) * wi_f[i];
            double xd = (double)(ki_d[i] - 1) * wi_d[i];
            if (!dd_lt(dd_d((double)xf), inner) || !dd_lt(dd_d(xd), inner)) {
                fprintf(stderr, "gen_ziggurat: ki of layer %d too big\n", i);
                exit(2);
            }
        }
    }

    put(t,
        "/*\n"
        " * Generated by tools/gen_ziggurat.c: do not edit.\n"
        " *     gen_ziggurat -o src/scalar/ziggurat_tables.c\n"
        " * (or `ninja -C build regen-ziggurat`); the meson test\n"
        " * ziggurat-tables-regenerate checks that this file is what the\n"
        " * generator writes. Layout and conventions: ziggurat_tables.h.\n"
        " *\n"
        " * The 256-layer Ziggurat of the standard normal (Marsaglia &\n"
        " * Tsang 2000) for f(x) = exp(-x^2/2), computed in\n"
        " * double-double:\n"
        " *     R = %.17g (start of the tail)\n"
        " *     V = %.17g (area of every layer)\n"
        " */\n"
        "#include \"ziggurat_tables.h\"\n\n"
        "/* The text stays what the generator writes: */\n"
        "/* clang-format off */\n\n",
        r, dd_to_double(v));
    put(t, "const double nn_zig_r = %.17g;\n", r);
    put(t, "const double nn_zig_v = %.17g;\n\n", dd_to_double(v));

    put(t, "_Alignas(64) const uint32_t nn_zig_ki_f[256] = {\n");
    for (int i = 0; i < LAYERS; i++) {
        sep(t, i, 6);
        put(t, "0x%06" PRIX32 "u", ki_f[i]);
    }
    put(t, "};\n\n_Alignas(64) const float nn_zig_wi_f[256] = {\n");
    for (int i = 0; i < LAYERS; i++) {
        sep(t, i, 4);
        put(t, "%.8ef", (double)wi_f[i]);
    }
    put(t, "};\n\n_Alignas(64) const uint64_t nn_zig_kw_f32[256] = {\n");
    for (int i = 0; i < LAYERS; i++) {
        sep(t, i, 3);
        put(t, "0x%016" PRIX64 "u",
            (uint64_t)ki_f[i] | (uint64_t)float_bits(wi_f[i]) << 32);
    }
    put(t, "};\n\n_Alignas(64) const uint64_t nn_zig_ki_d[256] = {\n");
    for (int i = 0; i < LAYERS; i++) {
        sep(t, i, 3);
        put(t, "0x%013" PRIX64 "u", ki_d[i]);
    }
    put(t, "};\n\n_Alignas(64) const double nn_zig_wi_d[256] = {\n");
    for (int i = 0; i < LAYERS; i++) {
        sep(t, i, 3);
        put(t, "%.16e", wi_d[i]);
    }
    put(t, "};\n\n_Alignas(64) const double nn_zig_fi_d[256] = {\n");
    for (int i = 0; i < LAYERS; i++) {
        sep(t, i, 3);
        put(t, "%.16e", fi_d[i]);
    }
    put(t, "};\n");
}

/* ------------------------------------------------------------------ main */

static int check(const text *t, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "gen_ziggurat: cannot open %s\n", path);
        return 1;
    }
    size_t pos = 0, line = 1;
    int c, differs = 0;
    while ((c = getc(f)) != EOF) {
        if (pos >= t->len || (char)c != t->buf[pos]) {
            differs = 1;
            break;
        }
        if (c == '\n')
            line++;
        pos++;
    }
    if (!differs && pos != t->len)
        differs = 1;
    fclose(f);
    if (differs) {
        fprintf(stderr,
                "gen_ziggurat: %s differs from the generated tables at line "
                "%zu; regenerate it with gen_ziggurat -o %s\n",
                path, line, path);
        return 1;
    }
    printf("%s matches the generated tables\n", path);
    return 0;
}

/* Writes the text to path, or to stdout when path is NULL. */
static int write_out(const text *t, const char *path)
{
    FILE *f = path ? fopen(path, "wb") : stdout;
    int ok = f && fwrite(t->buf, 1, t->len, f) == t->len;
    if (f && path)
        ok = (fclose(f) == 0) && ok;
    if (!ok)
        fprintf(stderr, "gen_ziggurat: cannot write %s\n",
                path ? path : "stdout");
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    int rc;
    if (argc == 1) {
        rc = -1; /* stdout */
    } else if (argc == 3 && (strcmp(argv[1], "-o") == 0 ||
                             strcmp(argv[1], "--check") == 0)) {
        rc = 0;
    } else {
        fprintf(stderr, "usage: gen_ziggurat [-o FILE | --check FILE]\n");
        return 2;
    }

    text t = {malloc(1 << 16), 0, 1 << 16}; /* the file is about 40 kB */
    if (!t.buf) {
        fprintf(stderr, "gen_ziggurat: out of memory\n");
        return 2;
    }
    generate(&t);
    if (rc == -1)
        rc = write_out(&t, NULL);
    else if (strcmp(argv[1], "--check") == 0)
        rc = check(&t, argv[2]);
    else
        rc = write_out(&t, argv[2]);
    free(t.buf);
    return rc;
}
