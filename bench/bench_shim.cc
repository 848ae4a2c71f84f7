// nninit_bench: Google Benchmark over nninit's public C API.
//
// One benchmark per kernel x output type x method x ISA, for every ISA this
// build has, at output sizes from 4 KiB (L1-resident) to 64 MiB (memory
// bound), named
//
//     <kernel>/<type>[/<method>]/<isa>/<bytes of output>
//
// e.g. normal/f32/ziggurat/avx2/65536. Each reports items_per_second
// (samples) and bytes_per_second (output written). In the same binary:
//
//   - bits/u32/<isa>/<bytes>: raw Philox4x32-10 words, so the share of time
//     spent making random bits versus transforming them is visible;
//   - memwrite/{plain,nt,memset}/<bytes>: the single-thread write bandwidth
//     ceiling (see memwrite.h), so every kernel reads as a fraction of what
//     memory allows.
//
// ISAs are read from the library (nninit_isa_supported), so a path added to
// the dispatch list shows up here without touching this file; an ISA this
// CPU or build lacks is not registered and the reason is printed on stderr
// and recorded in the benchmark context (JSON output).
//
// One output buffer of 64 MiB, page-aligned, is allocated and written once
// at start-up; every benchmark also makes one untimed call before timing, so
// no page fault or cold cache is measured. The library runs on one thread
// (nninit_set_num_threads(1)) unless --nninit_threads=N says otherwise.
//
//     ./build/bench/nninit_bench --benchmark_min_time=0.1
//     ./build/bench/nninit_bench --benchmark_filter='normal/f32/.*/avx2'
//     ./build/bench/nninit_bench --nninit_threads=2
//     --benchmark_filter=/67108864
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "memwrite.h"
#include "nninit.h"

#ifndef NNINIT_GBENCH_VERSION
#define NNINIT_GBENCH_VERSION "unknown"
#endif

namespace
{

constexpr size_t kMinBytes = size_t{4} << 10;
constexpr size_t kMaxBytes = size_t{64} << 20;
constexpr size_t kAlign = 4096;

void *g_buf = nullptr; // kMaxBytes, allocated once

enum class Kernel { Bits, Uniform, Normal, Trunc };

struct Case {
    Kernel kernel;
    nninit_dtype dtype;   // unused for Bits
    nninit_method method; // Normal only
};

const char *dtype_name(nninit_dtype d)
{
    switch (d) {
    case NNINIT_F32:
        return "f32";
    case NNINIT_F64:
        return "f64";
    case NNINIT_BF16:
        return "bf16";
    case NNINIT_F16:
        return "f16";
    }
    return "?";
}

const char *method_name(nninit_method m)
{
    switch (m) {
    case NNINIT_ZIGGURAT:
        return "ziggurat";
    case NNINIT_BOX_MULLER:
        return "box_muller";
    case NNINIT_ICDF:
        return "icdf";
    }
    return "?";
}

size_t elem_size(const Case &c)
{
    return c.kernel == Kernel::Bits ? sizeof(uint32_t)
                                    : nninit_dtype_size(c.dtype);
}

std::string case_name(const Case &c, nninit_isa isa)
{
    std::string s;
    switch (c.kernel) {
    case Kernel::Bits:
        s = "bits/u32";
        break;
    case Kernel::Uniform:
        s = std::string("uniform/") + dtype_name(c.dtype);
        break;
    case Kernel::Normal:
        s = std::string("normal/") + dtype_name(c.dtype) + "/" +
            method_name(c.method);
        break;
    case Kernel::Trunc:
        s = std::string("trunc_normal/") + dtype_name(c.dtype);
        break;
    }
    return s + "/" + nninit_isa_name(isa);
}

// The parameters are those of the peer comparison: U[-1, 1), N(0, 1), and
// N(0, 1) truncated to [-2, 2] (torch's trunc_normal_ defaults).
nninit_status run(const Case &c, void *out, size_t n)
{
    const nninit_rng rng = nninit_rng_make(42, 0);
    switch (c.kernel) {
    case Kernel::Bits:
        return nninit_fill_bits(rng, static_cast<uint32_t *>(out), n);
    case Kernel::Uniform:
        return nninit_fill_uniform(rng, c.dtype, out, n, -1.0, 1.0);
    case Kernel::Normal:
        return nninit_fill_normal(rng, c.dtype, out, n, 0.0, 1.0, c.method);
    case Kernel::Trunc:
        return nninit_fill_trunc_normal(rng, c.dtype, out, n, 0.0, 1.0, -2.0,
                                        2.0);
    }
    return NNINIT_ERR_ENUM;
}

void set_rates(benchmark::State &state, size_t items, size_t bytes)
{
    const auto iters = static_cast<int64_t>(state.iterations());
    state.SetItemsProcessed(iters * static_cast<int64_t>(items));
    state.SetBytesProcessed(iters * static_cast<int64_t>(bytes));
}

void bm_fill(benchmark::State &state, Case c, nninit_isa isa)
{
    const size_t bytes = static_cast<size_t>(state.range(0));
    const size_t n = bytes / elem_size(c);
    nninit_status st = nninit_isa_force(isa);
    if (st == NNINIT_OK)
        st = run(c, g_buf, n); // untimed: caches, TLB, branch predictors
    if (st != NNINIT_OK) {
        state.SkipWithError(nninit_status_str(st));
        return;
    }
    for (auto _ : state) {
        run(c, g_buf, n);
        benchmark::ClobberMemory();
    }
    set_rates(state, n, bytes);
}

void bm_memwrite(benchmark::State &state, bench_memwrite_kind kind)
{
    const size_t bytes = static_cast<size_t>(state.range(0));
    bench_memwrite(kind, g_buf, bytes);
    for (auto _ : state) {
        bench_memwrite(kind, g_buf, bytes);
        benchmark::ClobberMemory();
    }
    // An "item" is a float32-sized word, to read against the f32 kernels.
    set_rates(state, bytes / 4, bytes);
}

std::vector<Case> all_cases()
{
    const nninit_dtype dtypes[] = {NNINIT_F32, NNINIT_F64, NNINIT_BF16,
                                   NNINIT_F16};
    const nninit_method methods[] = {NNINIT_ZIGGURAT, NNINIT_BOX_MULLER,
                                     NNINIT_ICDF};
    std::vector<Case> v;
    v.push_back({Kernel::Bits, NNINIT_F32, NNINIT_ZIGGURAT});
    for (nninit_dtype d : dtypes)
        v.push_back({Kernel::Uniform, d, NNINIT_ZIGGURAT});
    for (nninit_dtype d : dtypes)
        for (nninit_method m : methods)
            v.push_back({Kernel::Normal, d, m});
    for (nninit_dtype d : dtypes)
        v.push_back({Kernel::Trunc, d, NNINIT_ZIGGURAT});
    return v;
}

bool g_real_time = false; // set when the library may use other threads

void sizes(benchmark::internal::Benchmark *b)
{
    b->RangeMultiplier(4)->Range(static_cast<int64_t>(kMinBytes),
                                 static_cast<int64_t>(kMaxBytes));
    if (g_real_time)
        b->UseRealTime();
}

// Why an ISA is not benchmarked here.
std::string skip_reason(nninit_isa isa)
{
    if (std::strcmp(nninit_isa_description(isa), "not in this build") == 0)
        return "not in this build";
    return "in this build, but this CPU (or OS) cannot run it; CPU features: " +
           std::string(nninit_cpu_features());
}

// --nninit_threads=N (ours, taken out of argv before Google Benchmark sees
// it): the library's thread count for large fills. 1 by default, so that a
// figure is one core's; with more, times are wall-clock (CPU time would
// count the calling thread only).
int take_threads_flag(int *argc, char **argv)
{
    const char prefix[] = "--nninit_threads=";
    int threads = 1, out = 1;
    for (int i = 1; i < *argc; i++) {
        if (std::strncmp(argv[i], prefix, sizeof prefix - 1) == 0)
            threads = std::atoi(argv[i] + sizeof prefix - 1);
        else
            argv[out++] = argv[i];
    }
    *argc = out;
    argv[out] = nullptr;
    return threads;
}

} // namespace

int main(int argc, char **argv)
{
    const int threads = take_threads_flag(&argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    if (threads < 1 || nninit_set_num_threads(threads) != NNINIT_OK) {
        std::fprintf(stderr, "nninit_bench: bad --nninit_threads=%d\n",
                     threads);
        return 1;
    }
    g_real_time = threads > 1;

    if (posix_memalign(&g_buf, kAlign, kMaxBytes) != 0) {
        std::fprintf(stderr, "nninit_bench: cannot allocate %zu bytes\n",
                     kMaxBytes);
        return 1;
    }
    std::memset(g_buf, 0, kMaxBytes); // every page faulted in once, here

    benchmark::AddCustomContext("nninit_version", nninit_version());
    benchmark::AddCustomContext("nninit_cpu_features", nninit_cpu_features());
    benchmark::AddCustomContext("google_benchmark_version",
                                NNINIT_GBENCH_VERSION);
    benchmark::AddCustomContext("nninit_threads", std::to_string(threads));

    std::vector<nninit_isa> isas;
    for (int i = 0; i < NNINIT_ISA_COUNT_; i++) {
        const nninit_isa isa = static_cast<nninit_isa>(i);
        const std::string key = std::string("isa_") + nninit_isa_name(isa);
        if (nninit_isa_supported(isa)) {
            isas.push_back(isa);
            benchmark::AddCustomContext(key, std::string("benchmarked: ") +
                                                 nninit_isa_description(isa));
        } else {
            const std::string why = skip_reason(isa);
            std::fprintf(stderr, "nninit_bench: skipping %s: %s\n",
                         nninit_isa_name(isa), why.c_str());
            benchmark::AddCustomContext(key, "skipped: " + why);
        }
    }

    // Ceilings first: a kernel's line then reads against them.
    for (int k = 0; k < BENCH_MEMWRITE_COUNT_; k++) {
        const auto kind = static_cast<bench_memwrite_kind>(k);
        const std::string key =
            std::string("memwrite_") + bench_memwrite_name(kind);
        benchmark::AddCustomContext(key, bench_memwrite_detail(kind));
        if (!bench_memwrite_available(kind)) {
            std::fprintf(stderr, "nninit_bench: skipping memwrite/%s: %s\n",
                         bench_memwrite_name(kind),
                         bench_memwrite_detail(kind));
            continue;
        }
        benchmark::RegisterBenchmark(
            (std::string("memwrite/") + bench_memwrite_name(kind)).c_str(),
            bm_memwrite, kind)
            ->Apply(sizes);
    }
    for (const Case &c : all_cases())
        for (nninit_isa isa : isas)
            benchmark::RegisterBenchmark(case_name(c, isa).c_str(), bm_fill, c,
                                         isa)
                ->Apply(sizes);

    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    nninit_isa_force(NNINIT_ISA_AUTO);
    std::free(g_buf);
    return 0;
}
