"""nninit.torch: torch.nn.init's signatures and distributions, nninit's
bits, in place on every CPU dtype, and init_module / init_block."""
import inspect
import json
import math
import os
import struct
import subprocess

import numpy as np
import pytest

import nninit
from conftest import DTYPES, SOURCE_ROOT, TOOL, bits, fill_in_two_threads, tool

torch = pytest.importorskip(
    "torch", reason="PyTorch is not installed (Debian: python3-torch); the "
    "nninit.torch tests are skipped")
import nninit.torch as nt  # noqa: E402
from torch import nn  # noqa: E402

TORCH_DTYPE = {"f32": torch.float32, "f64": torch.float64,
               "bf16": torch.bfloat16, "f16": torch.float16}
FUNCTIONS = ["uniform_", "normal_", "trunc_normal_", "constant_", "zeros_",
             "ones_", "xavier_uniform_", "xavier_normal_", "kaiming_uniform_",
             "kaiming_normal_", "orthogonal_", "eye_", "dirac_", "sparse_",
             "calculate_gain"]
EXTRA = {"seed", "stream", "method"}


def raw(t):
    """A tensor's bytes as unsigned integers, row-major."""
    t = t.contiguous()
    if t.dtype in (torch.bfloat16, torch.float16):
        return t.view(torch.int16).numpy().view(np.uint16)
    return bits(t.numpy())


# ------------------------------------------------------------ signatures

@pytest.mark.parametrize("name", FUNCTIONS)
def test_signature_matches_installed_torch(name):
    theirs = inspect.signature(getattr(torch.nn.init, name))
    ours = inspect.signature(getattr(nt, name))
    mine = [p for p in ours.parameters.values() if p.name not in EXTRA]
    assert [(p.name, p.kind, p.default, p.annotation) for p in mine] == \
        [(p.name, p.kind, p.default, p.annotation)
         for p in theirs.parameters.values()]
    assert ours.return_annotation == theirs.return_annotation
    for p in ours.parameters.values():
        if p.name in EXTRA:
            assert p.kind == p.KEYWORD_ONLY and p.default is None


def test_calculate_gain_equals_torch():
    for nl in ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
               "conv_transpose2d", "conv_transpose3d", "sigmoid", "tanh",
               "relu", "leaky_relu", "selu"]:
        assert nt.calculate_gain(nl) == torch.nn.init.calculate_gain(nl)
    for p in (0, 0.2, 3):
        assert nt.calculate_gain("leaky_relu", p) == \
            torch.nn.init.calculate_gain("leaky_relu", p)
    with pytest.raises(ValueError):
        nt.calculate_gain("gelu")
    with pytest.raises(ValueError):
        nt.calculate_gain("leaky_relu", "steep")


# ---------------------------------------------------------- distributions

N_ROWS, N_COLS = 400, 500  # 200,000 draws per sample
# Two-sample KS critical value at alpha = 1e-6: c = sqrt(-ln(alpha / 2) / 2)
# = 2.69, times sqrt((n + m) / (n m)). Moments: the difference of two
# independent means has standard error sqrt(2 var / n); of two sample
# variances sqrt(2 (m4 - var^2) / n); both bounded at 6 standard errors
# (two-sided false alarm 2e-9 each). Seeds are fixed, so a run repeats.
KS_C = math.sqrt(-math.log(1e-6 / 2) / 2)
CASES = [
    ("uniform_", (-0.5, 2.0), (-0.5, 2.0)),
    ("normal_", (1.0, 0.5), None),
    ("trunc_normal_", (0.0, 1.0, -1.5, 0.5), (-1.5, 0.5)),
    ("xavier_uniform_", (1.3,), "xavier"),
    ("xavier_normal_", (), None),
    ("kaiming_uniform_", (math.sqrt(5),), "kaiming"),
    ("kaiming_normal_", (0, "fan_out", "relu"), None),
]


@pytest.mark.parametrize("name,args,bounds", CASES)
def test_distribution_matches_torch(name, args, bounds):
    torch.manual_seed(1234)
    ref = getattr(torch.nn.init, name)(torch.empty(N_ROWS, N_COLS), *args)
    ours = getattr(nt, name)(torch.empty(N_ROWS, N_COLS), *args, seed=99)
    x = ours.double().numpy().ravel()
    y = ref.double().numpy().ravel()
    n = x.size
    var = y.var()
    m4 = ((y - y.mean()) ** 4).mean()
    assert abs(x.mean() - y.mean()) <= 6 * math.sqrt(2 * var / n)
    assert abs(x.var() - var) <= 6 * math.sqrt(2 * (m4 - var**2) / n)
    xs, ys = np.sort(x), np.sort(y)
    grid = np.concatenate([xs, ys])
    d = np.max(np.abs(np.searchsorted(xs, grid, side="right") / n -
                      np.searchsorted(ys, grid, side="right") / n))
    assert d <= KS_C * math.sqrt(2.0 / n)
    if bounds == "xavier":
        fan = N_ROWS + N_COLS
        lim = args[0] * math.sqrt(6.0 / fan)
        bounds = (-lim, lim)
    elif bounds == "kaiming":
        lim = 1 / math.sqrt(N_COLS)
        bounds = (-lim, lim)
    if bounds is not None:
        lo, hi = bounds
        assert x.min() >= np.float32(lo) and x.max() <= np.float32(hi)
        # the extremes come within (hi - lo) * 20 / n of the bounds
        # except with probability e^-20, when the density there is at
        # least 1 / (hi - lo) (uniform) ...
        if name != "trunc_normal_":
            assert x.min() - lo <= (hi - lo) * 20 / n
            assert hi - x.max() <= (hi - lo) * 20 / n


# ------------------------------------------------------------- the bits

@pytest.mark.parametrize("dtype", DTYPES)
def test_bits_equal_numpy_level_every_dtype(dtype):
    td = TORCH_DTYPE[dtype]
    for name, fn, kw in [
        ("uniform", lambda t: nt.uniform_(t, -1, 3, seed=5, stream=6),
         {"low": -1.0, "high": 3.0}),
        ("normal", lambda t: nt.normal_(t, 2, 0.5, seed=5, stream=6,
                                        method="box_muller"),
         {"mean": 2.0, "std": 0.5, "method": "box_muller"}),
        ("trunc_normal", lambda t: nt.trunc_normal_(t, seed=5, stream=6), {}),
        ("xavier_uniform", lambda t: nt.xavier_uniform_(t, 2.0, seed=5,
                                                        stream=6),
         {"gain": 2.0}),
        ("xavier_normal", lambda t: nt.xavier_normal_(t, seed=5, stream=6,
                                                      method="icdf"),
         {"method": "icdf"}),
        ("kaiming_uniform", lambda t: nt.kaiming_uniform_(
            t, 0.3, "fan_out", "leaky_relu", seed=5, stream=6),
         {"a": 0.3, "mode": "fan_out"}),
        ("kaiming_normal", lambda t: nt.kaiming_normal_(
            t, nonlinearity="tanh", seed=5, stream=6),
         {"nonlinearity": "tanh"}),
        ("orthogonal", lambda t: nt.orthogonal_(t, 0.5, seed=5, stream=6),
         {"gain": 0.5}),
        ("constant", lambda t: nt.constant_(t, 0.3), {"value": 0.3}),
        ("zeros", nt.zeros_, {}),
        ("ones", nt.ones_, {}),
    ]:
        t = torch.empty(37, 3, 5, dtype=td)
        assert fn(t) is t
        ref = nninit.init(name, (37, 3, 5), dtype=dtype, seed=5, stream=6, **kw)
        assert np.array_equal(raw(t), bits(ref)), name


def test_bits_equal_the_tool(tmp_path):
    t = nt.kaiming_normal_(torch.empty(64, 3, 3, 3), mode="fan_out",
                           nonlinearity="relu", seed=11, stream=2**64 - 1)
    ref = tool(["init", "--scheme", "kaiming-normal", "--shape", "64x3x3x3",
                "--mode", "fan-out", "--nonlinearity", "relu", "--seed", "11",
                "--stream", str(2**64 - 1)], tmp_path)
    assert np.array_equal(raw(t), bits(ref))
    u = nt.uniform_(torch.empty(1000, dtype=torch.bfloat16), -2, 2, seed=3,
                    stream=4)
    ref = tool(["fill", "--dist", "uniform", "--low", "-2", "--high", "2",
                "--shape", "1000", "--dtype", "bf16", "--seed", "3",
                "--stream", "4"], tmp_path, "u.npy")
    assert np.array_equal(raw(u), bits(ref))


# --------------------------------------------------- eye, dirac, sparse

@pytest.mark.parametrize("dtype", DTYPES)
def test_eye_and_dirac_equal_torch(dtype):
    td = TORCH_DTYPE[dtype]
    for shape in [(3, 5), (5, 3), (4, 4), (1, 7), (0, 3)]:
        ours = nt.eye_(torch.full(shape, 7.0, dtype=td))
        # torch 1.13's CPU eye has no bfloat16: its reference is made in
        # float32 and cast (exact: 0 and 1). Asked directly, torch would
        # throw a C++ exception, which the sanitizer build's preloaded
        # libasan cannot intercept before libstdc++ is loaded.
        if td == torch.bfloat16:
            theirs = torch.nn.init.eye_(torch.full(shape, 7.0)).to(td)
        else:
            theirs = torch.nn.init.eye_(torch.full(shape, 7.0, dtype=td))
        assert np.array_equal(raw(ours), raw(theirs)), shape
    for shape, groups in [((6, 4, 3), 1), ((6, 4, 3), 2), ((6, 2, 3), 3),
                          ((4, 6, 3, 2), 1), ((8, 3, 3, 3), 2),
                          ((6, 2, 2, 3, 1), 3), ((4, 4, 5, 5, 5), 4)]:
        ours = nt.dirac_(torch.full(shape, 7.0, dtype=td), groups)
        theirs = torch.nn.init.dirac_(torch.full(shape, 7.0, dtype=td),
                                      groups)
        assert np.array_equal(raw(ours), raw(theirs)), (shape, groups)
        arr = nninit.init({"scheme": "dirac", "groups": groups}, shape,
                          dtype=dtype)
        assert np.array_equal(bits(arr), raw(ours))


@pytest.mark.parametrize("sparsity", [0.0, 0.1, 0.33, 0.5, 1.0])
def test_sparse_zero_count_and_bits_equal_the_tool(sparsity, tmp_path):
    rows, cols = 37, 11
    t = nt.sparse_(torch.empty(rows, cols), sparsity, std=0.5, seed=7,
                   stream=9)
    zeros = (t == 0).sum(dim=0)
    assert torch.all(zeros == math.ceil(sparsity * rows)), zeros
    ref = tool(["init", "--scheme", "sparse", "--sparsity", repr(sparsity),
                "--std", "0.5", "--shape", "%dx%d" % (rows, cols), "--seed",
                "7", "--stream", "9"], tmp_path)
    assert np.array_equal(raw(t), bits(ref))
    arr = nninit.init({"scheme": "sparse", "sparsity": sparsity, "std": 0.5},
                      (rows, cols), seed=7, stream=9)
    assert np.array_equal(bits(arr), bits(ref))
    assert np.array_equal(bits(nninit.sparse((rows, cols), sparsity=sparsity,
                                             std=0.5, seed=7, stream=9)),
                          bits(ref))
    with pytest.raises(ValueError):
        nninit.init({"scheme": "sparse"}, (rows, cols))  # sparsity required


def test_sparse_method_equals_the_tool(tmp_path):
    t = nt.sparse_(torch.empty(20, 6, dtype=torch.float64), 0.25, seed=1,
                   stream=2, method="box_muller")
    ref = tool(["init", "--scheme", "sparse", "--sparsity", "0.25",
                "--method", "box-muller", "--shape", "20x6", "--dtype", "f64",
                "--seed", "1", "--stream", "2"], tmp_path)
    assert np.array_equal(raw(t), bits(ref))


def test_orthogonal_is_orthogonal_as_torch():
    """Rows (rows <= cols) or columns orthonormal times gain, as torch's
    orthogonal_: W W^T = gain^2 I to float32 rounding (a few ulp times
    the dimension; 1e-5 is far above it and far below any real defect)."""
    for shape in ((20, 50), (50, 20), (8, 3, 3, 3)):
        w = nt.orthogonal_(torch.empty(shape), gain=2.0, seed=1).double()
        m = w.reshape(shape[0], -1)
        if m.shape[0] > m.shape[1]:
            m = m.t()
        g = m @ m.t()
        assert torch.allclose(g, 4.0 * torch.eye(m.shape[0], dtype=g.dtype),
                              atol=1e-5)
        # torch's own: the same Frobenius norm, gain^2 * min(rows, cols)
        ref = torch.nn.init.orthogonal_(torch.empty(shape), gain=2.0).double()
        assert abs(w.norm() - ref.norm()) <= 1e-5 * ref.norm()
    assert nt.orthogonal_(torch.empty(0, 4)).numel() == 0
    with pytest.raises(ValueError):
        nt.orthogonal_(torch.empty(5))


def test_non_contiguous_gets_logical_row_major_values():
    base = torch.zeros(6, 10)
    view = base.t()  # (10, 6), strides (1, 10)
    assert not view.is_contiguous()
    assert nt.normal_(view, seed=1, stream=2) is view
    ref = nninit.normal((10, 6), seed=1, stream=2)
    assert np.array_equal(view.contiguous().numpy(), ref)
    assert np.array_equal(base.numpy(), ref.T)
    strided = torch.zeros(8, 8)[::2, 1::3]
    nt.xavier_uniform_(strided, seed=4)
    assert np.array_equal(strided.contiguous().numpy(),
                          nninit.xavier_uniform((4, 3), seed=4))


def test_zero_element_is_a_no_op():
    for t in (torch.empty(0), torch.empty(0, 5), torch.empty(5, 0, 3)):
        for fn in (nt.uniform_, nt.normal_, nt.kaiming_uniform_,
                   nt.kaiming_normal_, nt.xavier_normal_, nt.zeros_):
            assert fn(t) is t
    with pytest.raises(ValueError):  # parameters are still checked
        nt.normal_(torch.empty(0), std=-1.0)


def test_module_level_source():
    nt.manual_seed(77)
    a = nt.normal_(torch.empty(100))
    b = nt.normal_(torch.empty(100))
    assert not torch.equal(a, b)
    assert nt.source_state() == (77, 2)
    nt.manual_seed(77)
    assert torch.equal(nt.normal_(torch.empty(100)), a)
    assert torch.equal(nt.normal_(torch.empty(100)), b)
    # stream k of the source is the explicit (seed, stream = k)
    assert torch.equal(nt.normal_(torch.empty(100), seed=77, stream=1), b)
    # constants take no stream
    nt.zeros_(torch.empty(3))
    assert nt.source_state() == (77, 2)
    # a call that raises takes none either
    with pytest.raises(ValueError):
        nt.normal_(torch.empty(3), std=-1.0)
    with pytest.raises(TypeError):
        nt.normal_(torch.empty(3, dtype=torch.int8))
    assert nt.source_state() == (77, 2)


def test_parameters_and_autograd():
    lin = nn.Linear(20, 30)
    w = lin.weight
    nt.kaiming_uniform_(w, a=math.sqrt(5), seed=1)
    assert lin.weight is w and w.requires_grad and w.grad_fn is None
    assert np.array_equal(w.detach().numpy(),
                          nninit.kaiming_uniform((30, 20), a=math.sqrt(5),
                                                 seed=1))


@pytest.mark.parametrize("call,exc", [
    (lambda t: nt.normal_(t, std=-1.0), ValueError),
    (lambda t: nt.uniform_(t, 2.0, 1.0), ValueError),
    (lambda t: nt.trunc_normal_(t, a=1.0, b=0.0), ValueError),
    (lambda t: nt.kaiming_normal_(t, mode="fan_sideways"), ValueError),
    (lambda t: nt.kaiming_normal_(t, nonlinearity="gelu"), ValueError),
    (lambda t: nt.xavier_uniform_(t, gain=float("inf")), ValueError),
    (lambda t: nt.normal_(t, method="polar"), ValueError),
    (lambda t: nt.uniform_(t, method="icdf"), TypeError),
    (lambda t: nt.normal_(t, seed=-3), ValueError),
    (lambda t: nt.kaiming_uniform_(t[0]), ValueError),  # 1-D: no fans
    (lambda t: nt.constant_(t, float("nan")), ValueError),
    (lambda t: nt.eye_(t.view(2, 2, 5)), ValueError),  # eye_ is 2-D
    (lambda t: nt.dirac_(t), ValueError),  # dirac_ is 3/4/5-D
    (lambda t: nt.dirac_(t.view(4, 5, 1), groups=3), ValueError),
    (lambda t: nt.dirac_(t.view(4, 5, 1), groups=0), ValueError),
    (lambda t: nt.sparse_(t, 1.5), ValueError),
    (lambda t: nt.sparse_(t, -0.1), ValueError),
    (lambda t: nt.sparse_(t.view(20), 0.5), ValueError),  # sparse_ is 2-D
    (lambda t: nt.sparse_(t, 0.5, method="polar"), ValueError),
])
def test_errors_leave_the_tensor_untouched(call, exc):
    t = torch.full((4, 5), 7.0)
    with pytest.raises(exc):
        call(t)
    assert torch.all(t == 7.0)


def test_bad_device_and_dtype():
    for dt in (torch.int32, torch.int64, torch.complex64, torch.bool):
        t = torch.zeros(4, dtype=dt)
        with pytest.raises(TypeError, match="float32"):
            nt.normal_(t)
        assert torch.all(t == 0)
    with pytest.raises(ValueError, match="meta"):
        nt.normal_(torch.empty(3, 3, device="meta"))
    with pytest.raises(TypeError, match="Tensor"):
        nt.normal_(np.zeros(3, np.float32))


def test_two_python_threads_fill_concurrently():
    fill_in_two_threads(
        lambda seed, k: nt.normal_(torch.empty(300_000), seed=seed, stream=k),
        5, torch.equal)


def test_init_block_shards_equal_the_whole():
    whole = nt.kaiming_normal_(torch.empty(12, 10), seed=3, stream=4)
    shards = []
    for r in range(2):
        for c in range(2):
            s = torch.empty(6, 5, dtype=torch.float32)
            nt.init_block(s, (12, 10), (6 * r, 5 * c), "kaiming_normal",
                          seed=3, stream=4)
            shards.append(s)
    top = torch.cat(shards[:2], 1)
    bottom = torch.cat(shards[2:], 1)
    assert torch.equal(torch.cat([top, bottom], 0), whole)
    col = torch.empty(10, 4).t()  # a non-contiguous 4 x 10 shard
    nt.init_block(col, (12, 10), (8, 0), {"scheme": "kaiming_normal"}, seed=3,
                  stream=4)
    assert torch.equal(col, whole[8:])
    with pytest.raises(ValueError):
        nt.init_block(torch.empty(7, 5), (12, 10), (6, 0), "normal")


# ------------------------------------------------------------ init_module

class Net(nn.Module):
    def __init__(self, device=None, extra=False):
        super().__init__()
        d = {"device": device}
        if extra:
            self.first = nn.Linear(3, 3, **d)
        self.emb = nn.Embedding(50, 16, padding_idx=3, **d)
        self.conv = nn.Conv2d(3, 8, 3, **d)
        self.convt = nn.ConvTranspose1d(4, 6, 5, **d)
        self.fc = nn.Linear(16, 32, **d)
        self.bil = nn.Bilinear(5, 6, 7, **d)
        self.ln = nn.LayerNorm(32, **d)
        self.gn = nn.GroupNorm(2, 8, **d)
        self.bn = nn.BatchNorm2d(8, **d)
        self.inorm = nn.InstanceNorm1d(6, affine=True, **d)
        self.lstm = nn.LSTM(16, 24, num_layers=2, **d)
        self.gru_cell = nn.GRUCell(8, 12, **d)
        self.mha = nn.MultiheadAttention(16, 4, add_bias_kv=True, **d)
        self.enc = nn.TransformerEncoderLayer(16, 2, 32, **d)
        self.bag = nn.EmbeddingBag(20, 4, **d)


def test_init_module_follows_torch_rules():
    m = Net()
    with torch.no_grad():
        for p in m.parameters():
            p.fill_(123.0)
        m.bn.running_mean.fill_(5)
        m.bn.running_var.fill_(5)
        m.bn.num_batches_tracked.fill_(9)
    assert nt.init_module(m, seed=4) == []
    P = dict(m.named_parameters())
    for name, p in P.items():
        assert not torch.any(p == 123.0), name
    sd = lambda n: nninit.stream_of(n)  # noqa: E731
    # Linear / Conv: kaiming_uniform(a=sqrt 5) and U(+-1/sqrt(fan_in)) bias
    for mod, w in (("fc", (32, 16)), ("conv", (8, 3, 3, 3)),
                   ("convt", (4, 6, 5))):
        ref = nninit.kaiming_uniform(w, a=math.sqrt(5), seed=4,
                                     stream=sd(mod + ".weight"))
        assert np.array_equal(P[mod + ".weight"].detach().numpy(), ref)
        fan_in = nninit.fans(w)[0]
        b = 1 / math.sqrt(fan_in)
        ref = nninit.uniform(P[mod + ".bias"].shape[0], low=-b, high=b, seed=4,
                             stream=sd(mod + ".bias"))
        assert np.array_equal(P[mod + ".bias"].detach().numpy(), ref)
    e = P["emb.weight"].detach().numpy()
    ref = nninit.normal((50, 16), seed=4, stream=sd("emb.weight"))
    ref[3] = 0
    assert np.array_equal(e, ref)
    assert np.array_equal(P["bag.weight"].detach().numpy(),
                          nninit.normal((20, 4), seed=4,
                                        stream=sd("bag.weight")))
    b = 1 / math.sqrt(5)  # torch: 1 / sqrt(weight.size(1))
    assert np.array_equal(P["bil.weight"].detach().numpy(),
                          nninit.uniform((7, 5, 6), low=-b, high=b, seed=4,
                                         stream=sd("bil.weight")))
    for n in ("ln", "gn", "bn", "inorm"):
        assert torch.all(P[n + ".weight"] == 1) and torch.all(P[n + ".bias"] == 0)
    assert torch.all(m.bn.running_mean == 0) and torch.all(m.bn.running_var == 1)
    assert m.bn.num_batches_tracked.item() == 0
    for n, p in P.items():
        if n.startswith("lstm."):
            assert p.abs().max() <= 1 / math.sqrt(24)
        if n.startswith("gru_cell."):
            assert p.abs().max() <= 1 / math.sqrt(12)
    assert np.array_equal(P["mha.in_proj_weight"].detach().numpy(),
                          nninit.xavier_uniform((48, 16), seed=4,
                                                stream=sd("mha.in_proj_weight")))
    assert torch.all(P["mha.in_proj_bias"] == 0)
    assert torch.all(P["mha.out_proj.bias"] == 0)  # MHA's rule over Linear's
    assert np.array_equal(P["mha.bias_k"].detach().numpy(),
                          nninit.xavier_normal((1, 1, 16), seed=4,
                                               stream=sd("mha.bias_k")))
    assert torch.all(P["enc.self_attn.out_proj.bias"] == 0)
    assert torch.all(P["enc.norm1.weight"] == 1)


def test_init_module_transformer_overrides_matrices():
    m = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1,
                       num_decoder_layers=1, dim_feedforward=16)
    nt.init_module(m, seed=1)
    for name, p in m.named_parameters():
        if p.dim() > 1:
            ref = nninit.xavier_uniform(tuple(p.shape), seed=1,
                                        stream=nninit.stream_of(name))
            assert np.array_equal(p.detach().numpy(), ref), name


def test_init_module_values_depend_only_on_names():
    a, b = Net(), Net(extra=True)
    nninit.set_num_threads(1)
    nt.init_module(a, seed=9)
    nninit.set_num_threads(2)
    nt.init_module(b, seed=9)
    pb = dict(b.named_parameters())
    for name, p in a.named_parameters():
        assert torch.equal(p, pb[name]), name


def test_init_module_strict_and_recipe():
    class Custom(nn.Module):
        def __init__(self):
            super().__init__()
            self.scale = nn.Parameter(torch.full((4,), 9.0))
            self.fc = nn.Linear(4, 4)

    m = Custom()
    with pytest.raises(ValueError, match="scale.*Custom"):
        nt.init_module(m)
    assert torch.all(m.scale == 9.0)
    with pytest.warns(UserWarning, match="scale"):
        assert nt.init_module(m, strict=False) == ["scale"]
    assert torch.all(m.scale == 9.0)
    nt.init_module(m, seed=2, recipe={"scale": {"scheme": "constant",
                                                "value": 0.5},
                                      "fc.*": {"scheme": "trunc_normal",
                                               "std": 0.02, "a": -0.04,
                                               "b": 0.04}})
    assert torch.all(m.scale == 0.5)
    assert np.array_equal(m.fc.weight.detach().numpy(),
                          nninit.trunc_normal((4, 4), std=0.02, a=-0.04,
                                              b=0.04, seed=2,
                                              stream=nninit.stream_of(
                                                  "fc.weight")))
    with pytest.raises(ValueError, match="unknown parameter"):
        nt.init_module(m, recipe={"*": {"scheme": "normal", "gain": 2}})


def test_init_module_plan_order_and_first_match():
    # init_module walks the modules once: its tensors are exactly
    # named_parameters() (a tied weight once, under its first name), and a
    # recipe's first matching pattern wins whether it is an exact name or
    # a wildcard, before or after the other.
    class Tied(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 4)
            self.head = nn.Linear(4, 4)
            self.head.weight = self.fc.weight

    for m in (Tied(), Net()):
        names = [n for n, _, _ in nt._recipes.plan(m)[0]]
        assert names == [n for n, _ in m.named_parameters()]
    m = Tied()
    c = lambda v: {"scheme": "constant", "value": v}  # noqa: E731
    nt.init_module(m, recipe={"*.weight": c(2), "fc.weight": c(1),
                              "fc.bias": c(5), "*": c(3)})
    assert torch.all(m.fc.weight == 2) and torch.all(m.head.weight == 2)
    assert torch.all(m.fc.bias == 5) and torch.all(m.head.bias == 3)
    nt.init_module(m, recipe={"fc.weight": c(1), "*": c(3)})
    assert torch.all(m.fc.weight == 1) and torch.all(m.head.bias == 3)
    # A name with fnmatch's special characters, escaped by
    # recipe_from_spec, matches only itself.
    r = nt.recipe_from_spec({"tensors": [{"name": "fc.w[0]*", "init": c(7)}]})
    first = nt._recipes._matcher(tuple(r))
    assert first("fc.w[0]*") == 0 and first("fc.w0x") is None


def test_meta_materialization_needs_no_second_allocation(monkeypatch):
    ref = Net()
    nt.init_module(ref, seed=6)
    m = Net(device="meta")
    m.to_empty(device="cpu")
    before = {n: (p, p.data_ptr()) for n, p in m.named_parameters()}
    # Any allocation of a tensor during init_module fails the test.
    def no_alloc(*a, **k):
        raise AssertionError("init_module allocated a tensor")
    for fn in ("empty", "empty_like", "zeros", "zeros_like", "ones_like",
               "full", "full_like", "empty_strided"):
        monkeypatch.setattr(torch, fn, no_alloc)
    monkeypatch.setattr(torch.Tensor, "contiguous", no_alloc)
    monkeypatch.setattr(torch.Tensor, "clone", no_alloc)
    with torch.autograd.profiler.profile(profile_memory=True) as prof:
        nt.init_module(m, seed=6)
    monkeypatch.undo()
    allocated = sum(e.cpu_memory_usage for e in prof.function_events
                    if e.cpu_memory_usage > 0)
    assert allocated == 0
    pr = dict(ref.named_parameters())
    for n, p in m.named_parameters():
        assert p is before[n][0] and p.data_ptr() == before[n][1]
        assert torch.equal(p, pr[n]), n


def _read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    header.pop("__metadata__", None)
    return {k: (v["dtype"], v["shape"], data[v["data_offsets"][0]:
                                             v["data_offsets"][1]])
            for k, v in header.items()}


SHRINK = {50257: 257, 1024: 32, 768: 48, 2304: 144, 3072: 192}


class Conv1D(nn.Module):
    """Hugging Face GPT-2's Conv1D layout: weight (in, out)."""

    def __init__(self, nx, nf):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(nx, nf))
        self.bias = nn.Parameter(torch.empty(nf))


def _gpt2_module(spec):
    """A torch module tree with the spec's names and shapes: Embedding,
    LayerNorm and GPT-2's Conv1D as Hugging Face builds it."""
    root = nn.Module()
    shapes = {t["name"]: t["shape"] for t in spec["tensors"]}
    for name, shape in shapes.items():
        *path, leaf = name.split(".")
        mod = root
        for i, part in enumerate(path[:-1]):
            if not hasattr(mod, part):
                mod.add_module(part, nn.Module())
            mod = getattr(mod, part)
        last = path[-1]
        if not hasattr(mod, last):
            if last.startswith("ln_"):
                sub = nn.LayerNorm(shape[0])
            elif last in ("wte", "wpe"):
                sub = nn.Embedding(*shape)
            else:
                w = shapes[".".join(path) + ".weight"]
                sub = Conv1D(*w)
            mod.add_module(last, sub)
    return root


@pytest.mark.parametrize("which", ["spec", "gpt2_recipe"])
def test_gpt2_bytes_equal_nninit_model(tmp_path, which):
    if TOOL is None:
        pytest.skip("the nninit tool was not built")
    with open(os.path.join(SOURCE_ROOT, "docs", "gpt2-small.json")) as f:
        spec = json.load(f)
    # GPT-2 small's names, initializers and layer count, smaller widths
    for t in spec["tensors"]:
        t["shape"] = [SHRINK[d] for d in t["shape"]]
    spec["seed"] = 2024
    path = os.path.join(tmp_path, "small.json")
    with open(path, "w") as f:
        json.dump(spec, f)
    out = os.path.join(tmp_path, "small.safetensors")
    subprocess.run([TOOL, "model", path, "-q", "-o", out], check=True)
    ref = _read_safetensors(out)
    m = _gpt2_module(spec)
    recipe = nt.recipe_from_spec(path) if which == "spec" else nt.gpt2_recipe()
    assert nt.init_module(m, seed=2024, recipe=recipe) == []
    params = dict(m.named_parameters())
    assert sorted(params) == sorted(ref)
    for name, p in params.items():
        dt, shape, data = ref[name]
        assert dt == "F32" and list(p.shape) == shape
        assert p.detach().numpy().tobytes() == data, name


def test_flush_denormal_changes_no_bits():
    """torch.set_flush_denormal(True) sets FTZ and DAZ in the calling thread;
    nninit computes in the default environment anyway, and leaves torch's
    setting as it found it."""
    if not torch.set_flush_denormal(False):
        pytest.skip("this CPU has no flush-denormal mode")
    want = torch.empty(70000)
    nt.normal_(want, std=1e-39, seed=3)
    assert int((want != 0).sum()) > 69000  # subnormal values kept
    got = torch.empty(70000)
    try:
        torch.set_flush_denormal(True)
        nt.normal_(got, std=1e-39, seed=3)
        tiny = torch.tensor([1e-39]) * 1
        assert float(tiny) == 0.0, "torch's flush mode was not given back"
    finally:
        torch.set_flush_denormal(False)
    assert np.array_equal(raw(got), raw(want))
