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
};

bool parse_workload(const std::string &name, size_t n, Workload *w)
{
    w->name = name;
    w->f64 = false;
    w->std_dev = 1.0;
    w->trunc = false;
    w->uniform = false;
    if (name == "normal_f32")
        return true;
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
            if (w.uniform)
                st = nninit_fill_uniform(rng, NNINIT_F32, out, n, 0.0, 1.0);
            else if (w.trunc)
                st = nninit_fill_trunc_normal(rng, NNINIT_F32, out, n, 0.0, 1.0,
                                              -2.0, 2.0);
            else if (w.name == "kaiming_f32") {
                const auto side = static_cast<int64_t>(
                    std::llround(std::sqrt(static_cast<double>(n))));
                const int64_t shape[2] = {side, side};
                st = nninit_kaiming_normal(rng, NNINIT_F32, out, shape, 2, 0.0,
                                           NNINIT_FAN_IN, NNINIT_RELU);
            } else
                st = nninit_fill_normal(rng, w.f64 ? NNINIT_F64 : NNINIT_F32,
                                        out, n, 0.0, 1.0, NNINIT_ZIGGURAT);
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

std::vector<Peer> peers()
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
    std::fprintf(stderr,
                 "usage: nninit_peers --list | --versions |\n"
                 "       nninit_peers --workload W --n N [--min-time S] "
                 "[--peer NAME]...\n");
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    std::string workload;
    size_t n = 0;
    double min_time = 0.25;
    std::vector<std::string> only;
    bool list = false, versions = false;

    for (int i = 1; i < argc; i++) {
        const std::string a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--list")
            list = true;
        else if (a == "--versions")
            versions = true;
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
    const std::vector<Peer> all = peers();
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
        long calls = 0;
        const double ns = measure(p.make(w), out, n, min_time, &calls);
        std::printf("%s\t%s\t%zu\t%.4f\t%ld\n", p.name.c_str(), w.name.c_str(),
                    n, ns, calls);
        std::fflush(stdout);
    }
    nninit_isa_force(NNINIT_ISA_AUTO);
    std::free(out);
    return 0;
}
