"""The numpy level (`import nninit`): the same bytes as the C library and
the tool, every dtype and ISA path, in place or new, errors that leave the
output alone."""
import ctypes
import glob
import os

import numpy as np
import pytest

import nninit
from conftest import DTYPES, SUPPORTED_ISAS, bits, fill_in_two_threads, tool

SEED = 2**64 - 1  # seeds, streams and offsets take the whole 64-bit range
STREAM = 0xFEDCBA9876543210
OFFSET = 2**40 + 3


def _libnninit():
    """The shared C library of this build, through ctypes: an independent
    way into the same C API."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(nninit.__file__)))
    libs = sorted(glob.glob(os.path.join(root, "libnninit.so*")))
    if not libs:
        pytest.skip("libnninit.so not found beside the build's python/")
    return ctypes.CDLL(libs[0])


class Rng(ctypes.Structure):
    _fields_ = [("seed", ctypes.c_uint64), ("stream", ctypes.c_uint64),
                ("offset", ctypes.c_uint64)]


DT_CODE = {"f32": 0, "f64": 1, "bf16": 2, "f16": 3}


@pytest.mark.parametrize("dtype", DTYPES)
def test_fills_equal_the_c_library(dtype):
    lib = _libnninit()
    rng = Rng(SEED, STREAM, OFFSET)
    n = 1000
    for name, call, ours in [
        ("uniform", lambda o: lib.nninit_fill_uniform(
            rng, DT_CODE[dtype], o, ctypes.c_size_t(n), ctypes.c_double(-3.0),
            ctypes.c_double(5.0)),
         lambda: nninit.fill_uniform(n, low=-3.0, high=5.0, dtype=dtype,
                                     seed=SEED, stream=STREAM, offset=OFFSET)),
        ("normal/icdf", lambda o: lib.nninit_fill_normal(
            rng, DT_CODE[dtype], o, ctypes.c_size_t(n), ctypes.c_double(1.0),
            ctypes.c_double(2.0), 2),
         lambda: nninit.fill_normal(n, mean=1.0, std=2.0, method="icdf",
                                    dtype=dtype, seed=SEED, stream=STREAM,
                                    offset=OFFSET)),
        ("trunc", lambda o: lib.nninit_fill_trunc_normal(
            rng, DT_CODE[dtype], o, ctypes.c_size_t(n), ctypes.c_double(0.0),
            ctypes.c_double(1.0), ctypes.c_double(1.0), ctypes.c_double(3.0)),
         lambda: nninit.fill_trunc_normal(n, a=1.0, b=3.0, dtype=dtype,
                                          seed=SEED, stream=STREAM,
                                          offset=OFFSET)),
    ]:
        ref = np.empty(n, np.float64 if dtype == "f64" else
                       np.float32 if dtype == "f32" else np.uint16)
        assert call(ref.ctypes.data_as(ctypes.c_void_p)) == 0, name
        assert np.array_equal(bits(ours()), bits(ref)), name


def test_bits_equal_the_c_library():
    lib = _libnninit()
    ref = np.empty(37, np.uint32)
    lib.nninit_fill_bits(Rng(SEED, STREAM, OFFSET),
                         ref.ctypes.data_as(ctypes.c_void_p), ctypes.c_size_t(37))
    got = nninit.fill_bits(37, seed=SEED, stream=STREAM, offset=OFFSET)
    assert got.dtype == np.uint32 and np.array_equal(got, ref)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("dist,args,kw", [
    ("uniform", ["--low", "-2", "--high", "0.5"], {"low": -2.0, "high": 0.5}),
    ("normal", ["--mean", "1", "--std", "3"], {"mean": 1.0, "std": 3.0}),
    ("normal", ["--method", "box-muller"], {"method": "box_muller"}),
    ("normal", ["--method", "icdf"], {"method": "icdf"}),
    ("trunc-normal", ["--a", "-1", "--b", "inf"], {"a": -1.0, "b": float("inf")}),
])
def test_fill_equals_the_tool(tmp_path, dtype, dist, args, kw):
    ref = tool(["fill", "--dist", dist, "--shape", "7x33", "--dtype", dtype,
                "--seed", str(SEED), "--stream", str(STREAM), "--offset",
                str(OFFSET)] + args, tmp_path)
    fn = {"uniform": nninit.uniform, "normal": nninit.normal,
          "trunc-normal": nninit.trunc_normal}[dist]
    got = fn((7, 33), dtype=dtype, seed=SEED, stream=STREAM, offset=OFFSET,
             **kw)
    assert got.shape == ref.shape
    assert np.array_equal(bits(got), bits(ref))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("scheme,args,kw", [
    ("xavier-uniform", ["--gain", "2"], {"gain": 2.0}),
    ("xavier-normal", [], {}),
    ("kaiming-uniform", ["--a", "0.1", "--mode", "fan-out"],
     {"a": 0.1, "mode": "fan_out"}),
    ("kaiming-normal", ["--nonlinearity", "relu"], {"nonlinearity": "relu"}),
    ("lecun-normal", [], {}),
    ("orthogonal", ["--gain", "2"], {"gain": 2.0}),
    ("delta-orthogonal", [], {}),
    ("trunc-normal", ["--std", "0.02", "--a", "-0.04", "--b", "0.04"],
     {"std": 0.02, "a": -0.04, "b": 0.04}),
    ("variance-scaling", ["--scale", "2", "--mode", "fan-avg",
                          "--distribution", "uniform"],
     {"scale": 2.0, "mode": "fan_avg", "distribution": "uniform"}),
])
def test_init_equals_the_tool(tmp_path, dtype, scheme, args, kw):
    shape = (16, 5, 3)
    ref = tool(["init", "--scheme", scheme, "--shape", "16x5x3", "--dtype",
                dtype, "--seed", "42", "--stream", "7"] + args, tmp_path)
    got = nninit.init(scheme.replace("-", "_"), shape, dtype=dtype, seed=42,
                      stream=7, **kw)
    assert np.array_equal(bits(got), bits(ref))
    # the same through a dict with the keys of docs/model-spec.md
    spec = dict(kw, scheme=scheme.replace("-", "_"))
    assert np.array_equal(bits(nninit.init(spec, shape, dtype=dtype, seed=42,
                                           stream=7)), bits(ref))


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_isa_path_gives_the_same_bits(dtype):
    results = []
    for isa in SUPPORTED_ISAS:
        nninit.isa_force(isa)
        assert nninit.isa() == isa
        results.append(nninit.init({"scheme": "normal", "std": 0.5},
                                   (3001,), dtype=dtype, seed=5, stream=9))
        results.append(nninit.kaiming_uniform((100, 31), dtype=dtype, seed=5))
    n = len(results) // len(SUPPORTED_ISAS)
    for k in range(n):
        for r in results[k::n]:
            assert np.array_equal(bits(r), bits(results[k]))


def test_thread_count_does_not_change_bits():
    n = 400_000  # above NNINIT_PARALLEL_MIN: the pool splits it
    nninit.set_num_threads(1)
    one = nninit.normal(n, seed=3)
    nninit.set_num_threads(2)
    assert nninit.get_num_threads() == 2
    assert np.array_equal(bits(nninit.normal(n, seed=3)), bits(one))


@pytest.mark.parametrize("dtype", DTYPES)
def test_in_place_equals_new(dtype):
    new = nninit.xavier_normal((64, 10), dtype=dtype, seed=1, stream=2)
    out = np.zeros_like(new)
    assert nninit.xavier_normal(out=out, dtype=dtype, seed=1, stream=2) is out
    assert np.array_equal(bits(out), bits(new))


def test_float16_as_uint16_bit_patterns():
    f16 = nninit.normal(50, dtype="f16", seed=4)
    u16 = np.empty(50, np.uint16)
    nninit.normal(out=u16, dtype="f16", seed=4)
    assert np.array_equal(f16.view(np.uint16), u16)
    # uint16 without a dtype is bfloat16
    b = np.empty(50, np.uint16)
    nninit.normal(out=b, seed=4)
    assert np.array_equal(b, nninit.normal(50, dtype="bf16", seed=4))


def test_range_and_block_equal_the_whole():
    whole = nninit.kaiming_normal((12, 7, 5), seed=8, stream=1)
    flat = whole.reshape(-1)
    assert np.array_equal(nninit.init_range("kaiming_normal", (12, 7, 5), 100,
                                            77, seed=8, stream=1),
                          flat[100:177])
    out = np.empty(5, np.float32)
    nninit.init_range({"scheme": "kaiming_normal"}, (12, 7, 5), 415, out=out,
                      seed=8, stream=1)
    assert np.array_equal(out, flat[415:])
    blk = nninit.init_block("kaiming_normal", (12, 7, 5), (3, 2, 1), (4, 5, 3),
                            seed=8, stream=1)
    assert np.array_equal(blk, whole[3:7, 2:7, 1:4])
    # shards of a model-parallel tensor put together
    parts = [nninit.init_block("kaiming_normal", (12, 7, 5), (r * 3, 0, 0),
                               (3, 7, 5), seed=8, stream=1) for r in range(4)]
    assert np.array_equal(np.concatenate(parts), whole)


def test_offset_splits_concatenate():
    whole = nninit.trunc_normal(1000, seed=2, stream=3, offset=10)
    parts = [nninit.trunc_normal(k, seed=2, stream=3, offset=10 + s)
             for s, k in ((0, 333), (333, 667))]
    assert np.array_equal(np.concatenate(parts), whole)


def test_constant_zeros_ones():
    assert np.all(nninit.constant(4, value=0.25) == 0.25)
    assert np.all(nninit.zeros((2, 2), dtype="f64") == 0)
    assert np.all(nninit.ones(3, dtype="f16") == 1)
    with pytest.raises(ValueError, match="required"):
        nninit.init({"scheme": "constant"}, 3)


def test_gain_and_fans():
    import math
    assert nninit.calculate_gain("relu") == math.sqrt(2.0)
    assert nninit.calculate_gain("leaky_relu") == math.sqrt(2.0 / (1 + 0.01**2))
    assert nninit.calculate_gain("leaky_relu", 0.2) == math.sqrt(2.0 / 1.04)
    assert nninit.calculate_gain("tanh") == 5.0 / 3
    assert nninit.fans((64, 3, 7, 7)) == (3 * 49, 64 * 49)
    with pytest.raises(ValueError):
        nninit.calculate_gain("swish")
    with pytest.raises(ValueError):
        nninit.fans((5,))


def test_stream_of_matches_docs():
    # docs/streams.md, "Models"
    assert nninit.stream_of("") == 0xcbf29ce484222325
    assert nninit.stream_of("wte.weight") == 0x61d3a46d83bc4189
    assert nninit.stream_of("h.0.attn.c_attn.weight") == 0x7d7dc66305e9207d

    def fnv1a64(name):  # the definition, over the UTF-8 bytes
        h = 0xcbf29ce484222325
        for c in name.encode("utf-8"):
            h = ((h ^ c) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
        return h
    for name in ("layers.0.ß.weight", "嵌入.weight", "x" * 1000):
        assert nninit.stream_of(name) == fnv1a64(name)
    with pytest.raises(TypeError):
        nninit.stream_of(b"wte.weight")


def test_isa_and_threads_controls():
    assert nninit.isa() in nninit.isa_names()
    assert nninit.isa_supported("scalar")
    assert nninit.isa_description("scalar")
    assert isinstance(nninit.cpu_features(), str)
    assert nninit.isa_reason()
    for name in nninit.isa_names():
        if not nninit.isa_supported(name):
            before = nninit.isa()
            with pytest.raises(ValueError):
                nninit.isa_force(name)
            assert nninit.isa() == before
    with pytest.raises(ValueError):
        nninit.set_num_threads(-1)
    nninit.set_nt_threshold(1 << 20)
    assert nninit.get_nt_threshold() == 1 << 20
    a = nninit.normal(300_000, seed=1)
    nninit.set_nt_threshold(0)
    assert np.array_equal(a, nninit.normal(300_000, seed=1))


SENTINEL = 7.0


@pytest.mark.parametrize("call,exc", [
    (lambda o: nninit.normal(out=o, std=-1.0), ValueError),
    (lambda o: nninit.normal(out=o, std=float("nan")), ValueError),
    (lambda o: nninit.uniform(out=o, low=1.0, high=1.0), ValueError),
    (lambda o: nninit.trunc_normal(out=o, a=2.0, b=-2.0), ValueError),
    (lambda o: nninit.kaiming_normal(out=o, mode="fan_sideways"), ValueError),
    (lambda o: nninit.kaiming_normal(out=o, nonlinearity=3), TypeError),
    (lambda o: nninit.xavier_uniform(out=o, gain="big"), ValueError),
    (lambda o: nninit.init({"scheme": "normal", "gain": 1.0}, out=o), ValueError),
    (lambda o: nninit.init({"std": 1.0}, out=o), ValueError),
    (lambda o: nninit.normal(out=o, seed=-1), ValueError),
    (lambda o: nninit.normal(out=o, stream=2**64), ValueError),
    (lambda o: nninit.normal(out=o, seed=1.5), TypeError),
    (lambda o: nninit.normal(out=o, offset=2**64 - 5), ValueError),
    (lambda o: nninit.normal((4, 3), out=o), ValueError),
    (lambda o: nninit.normal(out=o, dtype="f64"), TypeError),
    (lambda o: nninit.normal(out=o, dtype="int8"), TypeError),
    (lambda o: nninit.init_range("normal", (10,), 8, out=o), ValueError),
    (lambda o: nninit.init_block("normal", (4, 6), (3, 0), out=o), ValueError),
])
def test_errors_leave_out_untouched(call, exc):
    o = np.full((4, 5), SENTINEL, np.float32)
    with pytest.raises(exc):
        call(o)
    assert np.all(o == SENTINEL)


def test_bad_buffers():
    with pytest.raises(TypeError):
        nninit.normal(out=np.zeros((4, 4), np.float32)[:, ::2])
    ro = np.zeros(4, np.float32)
    ro.flags.writeable = False
    with pytest.raises(TypeError):
        nninit.normal(out=ro)
    with pytest.raises(TypeError):
        nninit.normal(out=[1.0, 2.0])
    with pytest.raises(TypeError):
        nninit.normal()
    with pytest.raises(ValueError):
        nninit.normal((3, -1))


def test_zero_elements_and_scalars():
    assert nninit.normal((0, 5)).shape == (0, 5)
    assert nninit.normal(()).shape == ()
    assert nninit.normal((), seed=3) == nninit.normal(1, seed=3)[0]


def test_any_buffer_not_only_numpy():
    import array
    a = array.array("f", [0.0] * 8)
    nninit.normal(out=a, seed=6)
    assert np.array_equal(np.frombuffer(a, np.float32), nninit.normal(8, seed=6))


def test_two_python_threads_fill_concurrently():
    """Each thread fills its own arrays (big enough to release the GIL)
    while the other runs; the bits equal a sequential run."""
    fill_in_two_threads(
        lambda seed, k: nninit.normal(200_000, seed=seed, stream=k), 6,
        np.array_equal)


def test_scheme_table_drives_the_functions():
    import inspect
    for name, row in nninit.SCHEMES.items():
        fn = getattr(nninit, name)
        ps = inspect.signature(fn).parameters
        for p in row["params"]:
            assert p in ps
        assert ("method" in ps) == row["method"]
    assert inspect.signature(nninit.uniform).parameters["high"].default == 1.0
    assert inspect.signature(nninit.trunc_normal).parameters["a"].default == -2.0
    assert inspect.signature(nninit.dirac).parameters["groups"].default == 1
    sp = inspect.signature(nninit.sparse).parameters
    assert sp["sparsity"].default is inspect.Parameter.empty
    assert sp["std"].default == 0.01 and "method" in sp
    for name in ("glorot_uniform", "glorot_normal", "he_uniform", "he_normal",
                 "lecun_uniform", "lecun_normal", "xavier_normal",
                 "kaiming_uniform", "variance_scaling"):
        ps = inspect.signature(getattr(nninit, name)).parameters
        assert ps["fan_layout"].default == "torch", name
        assert nninit.SCHEMES[name]["fans"], name
    assert "fan_layout" not in inspect.signature(nninit.normal).parameters


def test_every_library_scheme_has_a_row():
    names = {"constant", "zeros", "ones", "uniform", "normal", "trunc_normal",
             "xavier_uniform", "xavier_normal", "kaiming_uniform",
             "kaiming_normal", "lecun_normal", "variance_scaling",
             "orthogonal", "delta_orthogonal", "eye", "dirac", "sparse",
             "glorot_uniform", "glorot_normal", "he_uniform", "he_normal",
             "lecun_uniform"}
    assert set(nninit.SCHEMES) == names


@pytest.mark.parametrize("dtype", DTYPES)
def test_keras_and_jax_names_equal_the_tool(dtype, tmp_path):
    shape = (3, 3, 8, 16)
    got = nninit.he_normal(shape, fan_layout="keras", dtype=dtype, seed=4,
                           stream=5)
    ref = tool(["init", "--scheme", "he-normal", "--fan-layout", "keras",
                "--shape", "3x3x8x16", "--dtype", dtype, "--seed", "4",
                "--stream", "5"], tmp_path)
    assert np.array_equal(bits(got), bits(ref))
    spec = {"scheme": "he_normal", "fan-layout": "keras"}
    assert np.array_equal(bits(nninit.init(spec, shape, dtype=dtype, seed=4,
                                           stream=5)), bits(ref))
    got = nninit.init({"scheme": "glorot_uniform", "fan_layout": "jax",
                       "in_axis": [0, 1], "out_axis": -1, "batch_axis": 2},
                      shape, dtype=dtype, seed=4, stream=5)
    ref = tool(["init", "--scheme", "glorot-uniform", "--fan-layout", "jax",
                "--in-axis", "0,1", "--out-axis", "-1", "--batch-axis", "2",
                "--shape", "3x3x8x16", "--dtype", dtype, "--seed", "4",
                "--stream", "5"], tmp_path, "j.npy")
    assert np.array_equal(bits(got), bits(ref))
    # Keras's he_normal on (k, k, in, out) is torch's layout transposed:
    # not the same fans as the torch layout of the same shape.
    torch_layout = nninit.he_normal(shape, dtype=dtype, seed=4, stream=5)
    assert not np.array_equal(bits(torch_layout), bits(got))


@pytest.mark.parametrize("spec,exc", [
    ({"scheme": "he_normal", "fan_layout": "mxnet"}, ValueError),
    ({"scheme": "he_normal", "in_axis": 0}, ValueError),  # torch layout
    ({"scheme": "he_normal", "fan_layout": "jax", "in_axis": 9}, ValueError),
    ({"scheme": "he_normal", "fan_layout": "jax", "in_axis": [0, 0]},
     ValueError),
    ({"scheme": "he_normal", "fan_layout": "jax", "in_axis": "x"}, ValueError),
    ({"scheme": "he_normal", "fan_layout": "jax", "in_axis": []}, ValueError),
    ({"scheme": "dirac", "groups": 3}, ValueError),
    ({"scheme": "dirac", "groups": 1.5}, ValueError),
    ({"scheme": "sparse", "sparsity": 2}, ValueError),
    ({"scheme": "eye"}, ValueError),  # 4-D
    ({"scheme": "normal", "fan_layout": "keras"}, ValueError),
])
def test_new_keys_errors_leave_out_untouched(spec, exc):
    out = np.full((4, 2, 3, 3), 7.0, np.float32)
    with pytest.raises(exc):
        nninit.init(spec, out=out)
    assert np.all(out == 7.0)
