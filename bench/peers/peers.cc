// nninit_peers: the C and C++ side of the peer comparison (compare.py).
//
//   nninit_peers --list
//       one line per peer this build has: name, TAB, what it runs
//   nninit_peers --versions
//       name, TAB, version, for nninit and each peer library
//   nninit_peers --workload W --n N [--min-time S] [--peer NAME]...
//       for each peer (or the named ones): "peer TAB workload TAB n TAB
//       ns_per_sample TAB calls", one line each
//
// Workloads (what compare.py asks every peer, Python ones included):
//   normal_f32   standard normal, float32
//   normal_f64   standard normal, float64
//   uniform_f32  U[0, 1), float32
//   kaiming_f32  torch's kaiming_normal_(w, nonlinearity='relu') on a
//                sqrt(N) x sqrt(N) float32 matrix: N(0, 2 / fan_in)
//   trunc_f32    N(0, 1) truncated to [-2, 2], float32
// and, for the Intel MKL comparison (mkl_compare.py; run by nninit and, with
// --mkl, MKL only):
//   uniform_f64                      U[0, 1), float64
//   normal_f32_bm, normal_f64_bm     nninit's Box-Muller
//   normal_f32_icdf, normal_f64_icdf nninit's inverse CDF
//   trunc_f32_s02                    N(0, 0.02) truncated to [-2, 2], float32
//   bits_u32                         raw 32-bit words (MKL: viRngUniformBits)
// MKL's Gaussian peers run on normal_f32/normal_f64 (every nninit method is
// compared with them), its uniform peers on uniform_f32/f64 and bits_u32.
//
// Peers: nninit on its automatic (best) path as "nninit", and on every other
// path this CPU runs as "nninit-<isa>"; GSL's Ziggurat
// (gsl_ran_gaussian_ziggurat on GSL's default generator, MT19937); Boost.Random
// (boost::random::normal_distribution, a Ziggurat since Boost 1.56, on
// boost::random::mt19937); the C++ standard library
// (std::normal_distribution on std::mt19937; libstdc++ uses Marsaglia's
// polar method). A peer without a native truncated normal uses rejection
// from its normal, which is what a user would write; a uniform float32 is the
// peer's own float distribution where it has one.
//
// With --mkl (a build that found Intel MKL: scripts/mkl.sh), the peers are
// nninit's paths and Intel MKL's VSL, one sequential stream each:
// mkl-<brng>-<method> for the normals (vsRngGaussian/vdRngGaussian,
// VSL_RNG_METHOD_GAUSSIAN_ICDF or _BOXMULLER2) and mkl-<brng> for the
// uniforms (vsRngUniform/vdRngUniform, VSL_RNG_METHOD_UNIFORM_STD), on
// VSL_BRNG_MT19937 and VSL_BRNG_PHILOX4X32X10. Which MKL kernels run is
// decided by MKL at run time (its CPU check, MKL_ENABLE_INSTRUCTIONS, the
// mkl_serv_intel_cpu_true override): mkl_compare.py runs this program under
// each. `nninit_peers --mkl-bits` prints how many random bits MKL's float64
// uniform spends per value on MT19937 (compared with the stream's words).
//
// Timing: one untimed call, then batches of calls (each at least 2 ms) until
// --min-time seconds of this thread's CPU time have passed (at least three
// batches); the figure is the fastest batch per call, divided by N. Buffers
// are allocated once and written before timing. One thread: nninit is held
// to it with nninit_set_num_threads(1).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "nninit.h"

#ifdef HAVE_MKL
#include <mkl_service.h>
#include <mkl_vsl.h>
#endif

#ifdef HAVE_GSL
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_version.h>
#endif
#ifdef HAVE_BOOST_RANDOM
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <boost/version.hpp>
#endif

namespace
{

// What one call of a peer must do: fill out[0..n) (float or double, as the
// workload says).
using Fill = std::function<void(void *out, size_t n)>;

struct Workload {
    std::string name;
    bool f64;
    double std_dev; // filled in from n for kaiming_f32
    bool trunc;
    bool uniform;
    nninit_method method; // nninit's normal method (--mkl workloads)
    bool extra;           // a --mkl workload: nninit and MKL only
    bool bits;            // raw 32-bit words (bits_u32)
};

bool parse_workload(const std::string &name, size_t n, Workload *w)
{
    w->name = name;
    w->f64 = false;
    w->std_dev = 1.0;
    w->trunc = false;
    w->uniform = false;
    w->method = NNINIT_ZIGGURAT;
    w->extra = false;
    w->bits = false;
    if (name == "bits_u32") { // the generator alone: 32-bit words
        w->extra = true;
        w->uniform = true;
        w->bits = true;
        return true;
    }
    if (name == "normal_f32")
        return true;
    const struct {
        const char *name;
        bool f64, uniform;
        nninit_method method;
    } extra[] = {
        {"uniform_f64", true, true, NNINIT_ZIGGURAT},
        {"normal_f32_bm", false, false, NNINIT_BOX_MULLER},
        {"normal_f64_bm", true, false, NNINIT_BOX_MULLER},
        {"normal_f32_icdf", false, false, NNINIT_ICDF},
        {"normal_f64_icdf", true, false, NNINIT_ICDF},
        {"trunc_f32_s02", false, false, NNINIT_ZIGGURAT},
    };
    for (const auto &e : extra)
        if (name == e.name) {
            w->f64 = e.f64;
            w->uniform = e.uniform;
            w->method = e.method;
            w->extra = true;
            if (name == "trunc_f32_s02") { // torch's trunc_normal_(std=.02)
                w->trunc = true;
                w->std_dev = 0.02;
            }
            return true;
        }
    if (name == "normal_f64") {
        w->f64 = true;
        return true;
    }
    if (name == "uniform_f32") {
        w->uniform = true;
        return true;
    }
    if (name == "trunc_f32") {
        w->trunc = true;
        return true;
    }
    if (name == "kaiming_f32") {
        const auto side = static_cast<size_t>(
            std::llround(std::sqrt(static_cast<double>(n))));
        if (side * side != n) {
            std::fprintf(stderr,
                         "nninit_peers: kaiming_f32 needs a square N\n");
            return false;
        }
        // gain(relu) = sqrt(2); std = gain / sqrt(fan_in), fan_in = side.
        w->std_dev = std::sqrt(2.0 / static_cast<double>(side));
        return true;
    }
    std::fprintf(stderr, "nninit_peers: unknown workload '%s'\n", name.c_str());
    return false;
}

// A generic peer from a 32-bit engine and normal/uniform distributions of
// one library (Boost.Random and <random> share this shape).
template <class Engine, template <class> class Normal,
          template <class> class Uniform>
Fill distribution_peer(const Workload &w)
{
    if (w.extra)
        return nullptr;
    auto eng = std::make_shared<Engine>(42u);
    if (w.uniform)
        return [eng](void *out, size_t n) {
            Uniform<float> u(0.0f, 1.0f);
            float *o = static_cast<float *>(out);
            for (size_t i = 0; i < n; i++)
                o[i] = u(*eng);
        };
    if (w.f64)
        return [eng](void *out, size_t n) {
            Normal<double> d(0.0, 1.0);
            double *o = static_cast<double *>(out);
            for (size_t i = 0; i < n; i++)
                o[i] = d(*eng);
        };
    if (w.trunc)
        return [eng](void *out, size_t n) {
            Normal<float> d(0.0f, 1.0f);
            float *o = static_cast<float *>(out);
            for (size_t i = 0; i < n; i++) {
                float x;
                do
                    x = d(*eng);
                while (x < -2.0f || x > 2.0f);
                o[i] = x;
            }
        };
    const float s = static_cast<float>(w.std_dev);
    return [eng, s](void *out, size_t n) {
        Normal<float> d(0.0f, s);
        float *o = static_cast<float *>(out);
        for (size_t i = 0; i < n; i++)
            o[i] = d(*eng);
    };
}

template <class T> using StdNormal = std::normal_distribution<T>;
template <class T> using StdUniform = std::uniform_real_distribution<T>;
#ifdef HAVE_BOOST_RANDOM
template <class T> using BoostNormal = boost::random::normal_distribution<T>;
template <class T>
using BoostUniform = boost::random::uniform_real_distribution<T>;
#endif

#ifdef HAVE_GSL
Fill gsl_peer(const Workload &w)
{
    if (w.extra)
        return nullptr;
    std::shared_ptr<gsl_rng> r(gsl_rng_alloc(gsl_rng_mt19937), gsl_rng_free);
    gsl_rng_set(r.get(), 42);
    if (w.uniform)
        return [r](void *out, size_t n) {
            float *o = static_cast<float *>(out);
            for (size_t i = 0; i < n; i++)
                o[i] = static_cast<float>(gsl_rng_uniform(r.get()));
        };
    if (w.f64)
        return [r](void *out, size_t n) {
            double *o = static_cast<double *>(out);
            for (size_t i = 0; i < n; i++)
                o[i] = gsl_ran_gaussian_ziggurat(r.get(), 1.0);
        };
    if (w.trunc)
        return [r](void *out, size_t n) {
            float *o = static_cast<float *>(out);
            for (size_t i = 0; i < n; i++) {
                double x;
                do
                    x = gsl_ran_gaussian_ziggurat(r.get(), 1.0);
                while (x < -2.0 || x > 2.0);
                o[i] = static_cast<float>(x);
            }
        };
    const double s = w.std_dev;
    return [r, s](void *out, size_t n) {
        float *o = static_cast<float *>(out);
        for (size_t i = 0; i < n; i++)
            o[i] = static_cast<float>(gsl_ran_gaussian_ziggurat(r.get(), s));
    };
}
#endif

// nninit on one path. The path is forced inside the call (a cheap atomic
// store) so peers can run in any order.
Fill nninit_peer(const Workload &w, nninit_isa isa)
{
    return [w, isa](void *out, size_t n) {
        nninit_rng rng = nninit_rng_make(42, 0);
        nninit_status st = nninit_isa_force(isa);
        if (st == NNINIT_OK) {
            if (w.bits)
                st = nninit_fill_bits(rng, static_cast<uint32_t *>(out), n);
            else if (w.uniform)
                st = nninit_fill_uniform(rng, w.f64 ? NNINIT_F64 : NNINIT_F32,
                                         out, n, 0.0, 1.0);
            else if (w.trunc)
                st = nninit_fill_trunc_normal(rng, NNINIT_F32, out, n, 0.0,
                                              w.std_dev, -2.0, 2.0);
            else if (w.name == "kaiming_f32") {
                const auto side = static_cast<int64_t>(
                    std::llround(std::sqrt(static_cast<double>(n))));
                const int64_t shape[2] = {side, side};
                st = nninit_kaiming_normal(rng, NNINIT_F32, out, shape, 2, 0.0,
                                           NNINIT_FAN_IN, NNINIT_RELU);
            } else
                st = nninit_fill_normal(rng, w.f64 ? NNINIT_F64 : NNINIT_F32,
                                        out, n, 0.0, 1.0, w.method);
        }
        if (st != NNINIT_OK) {
            std::fprintf(stderr, "nninit_peers: nninit failed: %s\n",
                         nninit_status_str(st));
            std::exit(1);
        }
    };
}

struct Peer {
    std::string name;
    std::string what;
    std::function<Fill(const Workload &)> make;
};

#ifdef HAVE_MKL
// One MKL VSL stream on `brng`; `gaussian` < 0 for the uniform workloads,
// else the VSL Gaussian method for the normal ones. MKL's own Gaussian
// methods stand in for every nninit normal method: the MKL columns of
// mkl_compare.py's table pair them with nninit's rows by output type.
Fill mkl_peer(const Workload &w, MKL_INT brng, int gaussian)
{
    if ((gaussian < 0) != w.uniform || w.trunc || w.name == "kaiming_f32")
        return nullptr;
    if (!w.uniform && w.method != NNINIT_ZIGGURAT)
        return nullptr; // MKL's normals run once, on normal_f32/normal_f64
    std::shared_ptr<void> stream;
    VSLStreamStatePtr s = nullptr;
    if (vslNewStream(&s, brng, 42) != VSL_STATUS_OK) {
        std::fprintf(stderr, "nninit_peers: vslNewStream failed\n");
        std::exit(1);
    }
    stream.reset(s, [](void *p) {
        VSLStreamStatePtr q = p;
        vslDeleteStream(&q);
    });
    const bool f64 = w.f64, uniform = w.uniform, bits = w.bits;
    return [stream, f64, uniform, bits, gaussian](void *out, size_t n) {
        auto st = static_cast<VSLStreamStatePtr>(stream.get());
        const auto m = static_cast<MKL_INT>(n);
        int e;
        if (bits)
            e = viRngUniformBits(VSL_RNG_METHOD_UNIFORMBITS_STD, st, m,
                                 static_cast<unsigned *>(out));
        else if (uniform)
            e = f64 ? vdRngUniform(VSL_RNG_METHOD_UNIFORM_STD, st, m,
                                   static_cast<double *>(out), 0.0, 1.0)
                    : vsRngUniform(VSL_RNG_METHOD_UNIFORM_STD, st, m,
                                   static_cast<float *>(out), 0.0f, 1.0f);
        else
            e = f64 ? vdRngGaussian(gaussian, st, m, static_cast<double *>(out),
                                    0.0, 1.0)
                    : vsRngGaussian(gaussian, st, m, static_cast<float *>(out),
                                    0.0f, 1.0f);
        if (e != VSL_STATUS_OK) {
            std::fprintf(stderr, "nninit_peers: MKL VSL error %d\n", e);
            std::exit(1);
        }
    };
}

void mkl_peers(std::vector<Peer> *v)
{
    char ver[256];
    mkl_get_version_string(ver, sizeof ver);
    const struct {
        const char *name;
        MKL_INT brng;
    } brngs[] = {{"mt19937", VSL_BRNG_MT19937},
                 {"philox", VSL_BRNG_PHILOX4X32X10}};
    const struct {
        const char *name;
        int method;
    } methods[] = {{"icdf", VSL_RNG_METHOD_GAUSSIAN_ICDF},
                   {"bm2", VSL_RNG_METHOD_GAUSSIAN_BOXMULLER2}};
    for (const auto &b : brngs) {
        const MKL_INT brng = b.brng;
        v->push_back(
            {std::string("mkl-") + b.name,
             std::string(ver) + ": v?RngUniform STD on " + b.name,
             [brng](const Workload &w) { return mkl_peer(w, brng, -1); }});
        for (const auto &m : methods) {
            const int method = m.method;
            v->push_back({std::string("mkl-") + b.name + "-" + m.name,
                          std::string(ver) + ": v?RngGaussian " + m.name +
                              " on " + b.name,
                          [brng, method](const Workload &w) {
                              return mkl_peer(w, brng, method);
                          }});
        }
    }
}

// How many random bits MKL's float64 uniform spends per value: the raw
// 32-bit words of an MKL MT19937 stream (viRngUniformBits) and the
// vdRngUniform values of a second stream with the same seed are compared
// with what one word per value (w * 2^-32) or two words (53 bits, as MT19937's
// genrand_res53 makes them) would give.
int mkl_bits()
{
    const int n = 1000;
    std::vector<unsigned> bits(2 * n);
    std::vector<double> u(n);
    VSLStreamStatePtr s;
    vslNewStream(&s, VSL_BRNG_MT19937, 42);
    viRngUniformBits(VSL_RNG_METHOD_UNIFORMBITS_STD, s, 2 * n, bits.data());
    vslDeleteStream(&s);
    vslNewStream(&s, VSL_BRNG_MT19937, 42);
    vdRngUniform(VSL_RNG_METHOD_UNIFORM_STD, s, n, u.data(), 0.0, 1.0);
    vslDeleteStream(&s);
    int one_word = 0, two_words = 0;
    for (int i = 0; i < n; i++) {
        // One word per value, u = w * 2^-32 (rounded to double: exact).
        one_word += u[i] == std::ldexp(static_cast<double>(bits[i]), -32);
        // Two words per value, 53 bits: (a >> 5, b >> 6) as in MT19937's
        // genrand_res53.
        const double a = bits[2 * i] >> 5, b = bits[2 * i + 1] >> 6;
        two_words += u[i] == (a * 67108864.0 + b) / 9007199254740992.0;
    }
    std::printf("vdRngUniform values = word i * 2^-32 (32 bits, one word): "
                "%d of %d\n",
                one_word, n);
    std::printf("vdRngUniform values = words 2i, 2i+1 (53 bits): %d of %d\n",
                two_words, n);
    std::printf("first value %.17g, word 0 0x%08x, word 1 0x%08x\n", u[0],
                bits[0], bits[1]);
    return 0;
}
#endif

std::vector<Peer> peers(bool with_mkl)
{
    std::vector<Peer> v;
    nninit_isa_force(NNINIT_ISA_AUTO);
    const nninit_isa best = nninit_isa_active();
    v.push_back({"nninit",
                 std::string("nninit ") + nninit_version() + ", " +
                     nninit_isa_name(best) + " path (automatic), Ziggurat",
                 [best](const Workload &w) { return nninit_peer(w, best); }});
    for (int i = 0; i < NNINIT_ISA_COUNT_; i++) {
        const auto isa = static_cast<nninit_isa>(i);
        if (isa == best || !nninit_isa_supported(isa))
            continue;
        v.push_back({std::string("nninit-") + nninit_isa_name(isa),
                     std::string("nninit ") + nninit_version() + ", " +
                         nninit_isa_name(isa) + " path (forced), Ziggurat",
                     [isa](const Workload &w) { return nninit_peer(w, isa); }});
    }
#ifdef HAVE_MKL
    if (with_mkl) {
        mkl_peers(&v);
        return v;
    }
#else
    (void)with_mkl;
#endif
#ifdef HAVE_GSL
    v.push_back({"gsl",
                 std::string("GSL ") + GSL_VERSION +
                     " gsl_ran_gaussian_ziggurat, gsl_rng_mt19937",
                 gsl_peer});
#endif
#ifdef HAVE_BOOST_RANDOM
    v.push_back(
        {"boost",
         "Boost.Random " + std::to_string(BOOST_VERSION / 100000) + "." +
             std::to_string(BOOST_VERSION / 100 % 1000) +
             " normal_distribution (Ziggurat), boost::random::mt19937",
         distribution_peer<boost::random::mt19937, BoostNormal, BoostUniform>});
#endif
    v.push_back({"std",
                 "std::normal_distribution (libstdc++: Marsaglia polar), "
                 "std::mt19937",
                 distribution_peer<std::mt19937, StdNormal, StdUniform>});
    return v;
}

// This thread's CPU time: other processes on a busy machine inflate it far
// less than wall time. Reading it costs about a microsecond on a VM, so
// calls are timed in batches of at least two milliseconds.
double cpu_now()
{
    timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) +
           1e-9 * static_cast<double>(ts.tv_nsec);
}

double batch(const Fill &fill, void *out, size_t n, long reps)
{
    const double t0 = cpu_now();
    for (long r = 0; r < reps; r++) {
        fill(out, n);
        asm volatile("" : : "r"(out) : "memory");
    }
    return cpu_now() - t0;
}

// Fastest call in ns per sample, and the number of timed calls.
double measure(const Fill &fill, void *out, size_t n, double min_time,
               long *calls)
{
    fill(out, n); // untimed
    long reps = 1;
    while (batch(fill, out, n, reps) < 2e-3 && reps < (1L << 20))
        reps *= 2;
    double best = 1e300;
    const double start = cpu_now();
    long k = 0;
    do {
        best = std::min(best,
                        batch(fill, out, n, reps) / static_cast<double>(reps));
        k += reps;
    } while (k < 3 * reps || cpu_now() - start < min_time);
    *calls = k;
    return best * 1e9 / static_cast<double>(n);
}

int usage()
{
    std::fprintf(stderr, "usage: nninit_peers [--mkl] --list | --versions |\n"
                         "       nninit_peers [--mkl] --workload W --n N "
                         "[--min-time S] [--peer NAME]...\n"
                         "       nninit_peers --mkl-bits\n");
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    std::string workload;
    size_t n = 0;
    double min_time = 0.25;
    std::vector<std::string> only;
    bool list = false, versions = false, with_mkl = false;

    for (int i = 1; i < argc; i++) {
        const std::string a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--list")
            list = true;
        else if (a == "--versions")
            versions = true;
        else if (a == "--mkl")
            with_mkl = true;
#ifdef HAVE_MKL
        else if (a == "--mkl-bits")
            return mkl_bits();
#endif
        else if (a == "--workload" && has_value)
            workload = argv[++i];
        else if (a == "--n" && has_value)
            n = std::strtoull(argv[++i], nullptr, 10);
        else if (a == "--min-time" && has_value)
            min_time = std::strtod(argv[++i], nullptr);
        else if (a == "--peer" && has_value)
            only.push_back(argv[++i]);
        else
            return usage();
    }

    // One thread, like every peer: large fills would otherwise be split over
    // the library's worker pool.
    nninit_set_num_threads(1);
#ifndef HAVE_MKL
    if (with_mkl) {
        std::fprintf(stderr, "nninit_peers: built without Intel MKL "
                             "(./scripts/mkl.sh, then reconfigure)\n");
        return 3;
    }
#endif
    const std::vector<Peer> all = peers(with_mkl);
    if (list) {
        for (const Peer &p : all)
            std::printf("%s\t%s\n", p.name.c_str(), p.what.c_str());
        return 0;
    }
    if (versions) {
        std::printf("nninit\t%s\n", nninit_version());
        std::printf("nninit-isa\t%s\n", nninit_isa_name(nninit_isa_active()));
        std::printf("cpu-features\t%s\n", nninit_cpu_features());
#ifdef HAVE_GSL
        std::printf("gsl\t%s\n", GSL_VERSION);
#endif
#ifdef HAVE_MKL
        char mkl_ver[256];
        mkl_get_version_string(mkl_ver, sizeof mkl_ver);
        std::printf("mkl\t%s\n", mkl_ver);
#endif
#ifdef HAVE_BOOST_RANDOM
        std::printf("boost\t%d.%d.%d\n", BOOST_VERSION / 100000,
                    BOOST_VERSION / 100 % 1000, BOOST_VERSION % 100);
#endif
#ifdef __GLIBCXX__
        std::printf("libstdc++\t%d\n", __GLIBCXX__);
#endif
        std::printf("compiler\t%s\n", __VERSION__);
        return 0;
    }

    Workload w;
    if (workload.empty() || n == 0)
        return usage();
    if (!parse_workload(workload, n, &w))
        return 2;
    const size_t bytes = n * (w.f64 ? sizeof(double) : sizeof(float));
    void *out = nullptr;
    if (posix_memalign(&out, 4096, bytes) != 0) {
        std::fprintf(stderr, "nninit_peers: cannot allocate %zu bytes\n",
                     bytes);
        return 1;
    }
    std::memset(out, 0, bytes);

    for (const Peer &p : all) {
        if (!only.empty() &&
            std::find(only.begin(), only.end(), p.name) == only.end())
            continue;
        const Fill fill = p.make(w);
        if (!fill)
            continue; // this peer has no such workload
        long calls = 0;
        const double ns = measure(fill, out, n, min_time, &calls);
        std::printf("%s\t%s\t%zu\t%.4f\t%ld\n", p.name.c_str(), w.name.c_str(),
                    n, ns, calls);
        std::fflush(stdout);
    }
    nninit_isa_force(NNINIT_ISA_AUTO);
    std::free(out);
    return 0;
}
