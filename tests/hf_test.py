#!/usr/bin/python3
"""End-to-end test of `nninit model --hf-config` and the sharded layout.

Usage: hf_test.py PATH/TO/nninit [PATH/TO/nninit-mpi | none]

For the configs in tests/hf/ (gpt2 as released, and small llama, mistral,
qwen2 and bert configs with their families' real key sets) it checks the
derived tensors against an independent listing written here from each
family's modeling code (names in save_pretrained's order, shapes, count,
parameters), and the values: N(0, initializer_range) weights, GPT-2's
residual projections, exact zeros and ones, the zero padding row. Then the
sharded layout: the files, the index (total_size, weight_map, sorted
keys), the config copy, every tensor equal to the single-file run, --resume
keeping valid shards and rewriting damaged or foreign ones, --shard-of
processes completing the set, bad input (exit 2, one line, nothing
written). With OpenMPI, `mpirun -np 3` gives the single-process files and a
rank that fails leaves no index. numpy is required.
"""
import json
import math
import os
import shutil
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks, need_numpy, run_tool, scratch, tool_env  # noqa: E402

np = need_numpy("hf_test")
EXE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: hf_test.py NNINIT [NNINIT-MPI]")
MPI_EXE = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] != "none" else None
CONFIGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hf")
TMP = scratch("nninit_hf_test_")
ENV = tool_env("NNINIT_ISA", "NNINIT_NUM_THREADS")
check = Checks("hf_test")


def run(args):
    return run_tool([EXE] + args, env=ENV)


def cfg(name):
    return name if os.path.isabs(name) else os.path.join(CONFIGS, name)


def tmp(name):
    return os.path.join(TMP, name)


def load_config(name):
    with open(cfg(name), encoding="utf-8") as fh:
        return json.load(fh)


# --------------------------------------------- the families, listed here
# Written from transformers' modeling_<family>.py, independently of
# cli/hf.c: (name, shape, init) with init a std, "zeros" or "ones", and the
# padding row where nn.Embedding has one.

def gpt2_tensors(c):
    e, L, std = c["n_embd"], c["n_layer"], c.get("initializer_range", 0.02)
    inner = c.get("n_inner") or 4 * e
    proj = std / math.sqrt(2 * L)
    t = [("wte.weight", (c["vocab_size"], e), std), ("wpe.weight", (c["n_positions"], e), std)]
    for i in range(L):
        p = "h.%d." % i
        t += [(p + "ln_1.weight", (e,), "ones"), (p + "ln_1.bias", (e,), "zeros"),
              (p + "attn.c_attn.weight", (e, 3 * e), std), (p + "attn.c_attn.bias", (3 * e,), "zeros"),
              (p + "attn.c_proj.weight", (e, e), proj), (p + "attn.c_proj.bias", (e,), "zeros"),
              (p + "ln_2.weight", (e,), "ones"), (p + "ln_2.bias", (e,), "zeros"),
              (p + "mlp.c_fc.weight", (e, inner), std), (p + "mlp.c_fc.bias", (inner,), "zeros"),
              (p + "mlp.c_proj.weight", (inner, e), proj), (p + "mlp.c_proj.bias", (e,), "zeros")]
    return t + [("ln_f.weight", (e,), "ones"), ("ln_f.bias", (e,), "zeros")], {}


def llama_tensors(c):
    fam = c["model_type"]
    h, V, I, std = c["hidden_size"], c["vocab_size"], c["intermediate_size"], c.get("initializer_range", 0.02)
    heads = c["num_attention_heads"]
    kv = c.get("num_key_value_heads") or heads
    hd = c.get("head_dim") or h // heads
    qkv_bias = fam == "qwen2" or (fam == "llama" and c.get("attention_bias", False))
    o_bias = fam == "llama" and c.get("attention_bias", False)
    mlp_bias = fam == "llama" and c.get("mlp_bias", False)
    t = [("model.embed_tokens.weight", (V, h), std)]

    def lin(name, i, o, bias):
        r = [(name + ".weight", (o, i), std)]
        return r + [(name + ".bias", (o,), "zeros")] if bias else r

    for n in range(c["num_hidden_layers"]):
        p = "model.layers.%d." % n
        t += lin(p + "self_attn.q_proj", h, heads * hd, qkv_bias)
        t += lin(p + "self_attn.k_proj", h, kv * hd, qkv_bias)
        t += lin(p + "self_attn.v_proj", h, kv * hd, qkv_bias)
        t += lin(p + "self_attn.o_proj", heads * hd, h, o_bias)
        t += lin(p + "mlp.gate_proj", h, I, mlp_bias)
        t += lin(p + "mlp.up_proj", h, I, mlp_bias)
        t += lin(p + "mlp.down_proj", I, h, mlp_bias)
        t += [(p + "input_layernorm.weight", (h,), "ones"), (p + "post_attention_layernorm.weight", (h,), "ones")]
    t += [("model.norm.weight", (h,), "ones")]
    if not c.get("tie_word_embeddings", False):
        t += [("lm_head.weight", (V, h), std)]
    pad = c.get("pad_token_id")  # nn.Embedding counts a negative one from the end
    return t, ({"model.embed_tokens.weight": pad % V} if pad is not None else {})


def bert_tensors(c):
    h, I, std = c["hidden_size"], c["intermediate_size"], c.get("initializer_range", 0.02)

    def lin(name, i, o):
        return [(name + ".weight", (o, i), std), (name + ".bias", (o,), "zeros")]

    def ln(name):
        return [(name + ".weight", (h,), "ones"), (name + ".bias", (h,), "zeros")]

    t = [("embeddings.word_embeddings.weight", (c["vocab_size"], h), std),
         ("embeddings.position_embeddings.weight", (c["max_position_embeddings"], h), std),
         ("embeddings.token_type_embeddings.weight", (c["type_vocab_size"], h), std)] + ln("embeddings.LayerNorm")
    for n in range(c["num_hidden_layers"]):
        p = "encoder.layer.%d." % n
        t += lin(p + "attention.self.query", h, h) + lin(p + "attention.self.key", h, h)
        t += lin(p + "attention.self.value", h, h) + lin(p + "attention.output.dense", h, h)
        t += ln(p + "attention.output.LayerNorm") + lin(p + "intermediate.dense", h, I)
        t += lin(p + "output.dense", I, h) + ln(p + "output.LayerNorm")
    t += lin("pooler.dense", h, h)
    pad = c.get("pad_token_id", 0)  # BertConfig's default 0; null: no padding row
    return t, ({"embeddings.word_embeddings.weight": pad % c["vocab_size"]} if pad is not None else {})


FAMILIES = {"gpt2": gpt2_tensors, "llama": llama_tensors, "mistral": llama_tensors, "qwen2": llama_tensors,
            "bert": bert_tensors}

# Parameter counts published for the released models these configs come
# from or copy: GPT2Model "gpt2" 124,439,808; BertModel bert-tiny
# (google/bert_uncased_L-2_H-128_A-2) 4,385,920.
KNOWN_PARAMS = {"gpt2.json": 124439808, "bert-tiny.json": 4385920}

# ------------------------------------------------------ reading the files
ST = {"F32": ("<f4", 4), "BF16": ("<u2", 2), "F16": ("<f2", 2), "F64": ("<f8", 8)}


def read_st(p):
    """(metadata, {name: (dtype, shape, raw)}, [names in file order])."""
    with open(p, "rb") as fh:
        raw = fh.read()
    (n,) = struct.unpack("<Q", raw[:8])
    head = json.loads(raw[8:8 + n].decode("utf-8"), object_pairs_hook=lambda kv: kv)
    meta, out, order = None, {}, []
    for k, v in head:
        if k == "__metadata__":
            meta = dict(v)
            continue
        v = dict(v)
        b, e = v["data_offsets"]
        out[k] = (v["dtype"], tuple(v["shape"]), raw[8 + n + b:8 + n + e])
        order.append(k)
    return meta, out, order


def values(t):
    dtype, shape, raw = t
    a = np.frombuffer(raw, ST[dtype][0])
    if dtype == "BF16":
        a = (a.astype(np.uint32) << 16).view(np.float32)
    return a.astype(np.float64).reshape(shape)


def read_sharded(d):
    """Every tensor of a sharded directory, through its index."""
    with open(os.path.join(d, "model.safetensors.index.json"), encoding="utf-8") as fh:
        index = json.load(fh)
    tensors, order = {}, []
    for f in sorted(set(index["weight_map"].values())):
        _, t, o = read_st(os.path.join(d, f))
        tensors.update(t)
        order += o
    return index, tensors, order


def check_stats(what, name, a, init, pad):
    """Per-tensor statistics. For n draws of N(0, s^2): the sample mean has
    sd s/sqrt(n) and the sample sd has relative sd 1/sqrt(2n); bounds of 6
    such sds fail a correct tensor with probability < 1e-8 each (and the
    seed is fixed). bf16 rounding changes a value by < 2^-8 relative, its
    effect on the sd is far below these bounds for our sizes."""
    if pad is not None:
        check(not a[pad].any(), "%s: %s padding row %d is not zero" % (what, name, pad))
        a = np.delete(a, pad, axis=0)
    if init in ("zeros", "ones"):
        check(np.all(a == (1.0 if init == "ones" else 0.0)), "%s: %s is not all %s" % (what, name, init))
        return
    n = a.size
    m, s = float(a.mean()), float(a.std())
    check(abs(m) < 6 * init / math.sqrt(n), "%s: %s mean %g (std %g, n %d)" % (what, name, m, init, n))
    check(abs(s / init - 1) < 6 / math.sqrt(2 * n) + 2 ** -8,
          "%s: %s sd %g, expected %g (n %d)" % (what, name, s, init, n))


# ------------------------------------------- names, shapes, counts, values
def family_check(conf_name, dtype_args):
    c = load_config(conf_name)
    expected, pads = FAMILIES[c["model_type"]](c)
    rc, so, se = run(["model", "--hf-config", cfg(conf_name), "--print-spec"])
    if not check(rc == 0 and se == "", "%s --print-spec: exit %d %r" % (conf_name, rc, se)):
        return None
    spec = json.loads(so)
    names = [t["name"] for t in spec["tensors"]]
    check(names == [t[0] for t in expected], "%s: names/order differ: %r" % (
        conf_name, [(a, b) for a, b in zip(names, [t[0] for t in expected]) if a != b][:3] or
        (len(names), len(expected))))
    shapes = {t["name"]: tuple(t["shape"]) for t in spec["tensors"]}
    for name, shape, _ in expected:
        check(shapes.get(name) == shape, "%s: %s shape %r, expected %r" % (conf_name, name, shapes.get(name), shape))
    params = sum(math.prod(s) for _, s, _ in expected)
    if conf_name in KNOWN_PARAMS:
        check(params == KNOWN_PARAMS[conf_name], "%s: %d parameters, published %d" % (
            conf_name, params, KNOWN_PARAMS[conf_name]))
    spec_pads = {t["name"]: t["padding_idx"] for t in spec["tensors"] if "padding_idx" in t}
    check(spec_pads == pads, "%s: padding rows %r, expected %r" % (conf_name, spec_pads, pads))
    dt = {"float32": "f32", "bfloat16": "bf16", "float16": "f16"}.get(c.get("torch_dtype"))
    check(spec.get("dtype") == dt, "%s: spec dtype %r, config's torch_dtype %r" % (
        conf_name, spec.get("dtype"), c.get("torch_dtype")))

    out = tmp(os.path.basename(conf_name) + ".safetensors")
    rc, _, se = run(["model", "--hf-config", cfg(conf_name), "-q", "-o", out] + dtype_args)
    if not check(rc == 0 and se == "", "%s: exit %d %r" % (conf_name, rc, se)):
        return None
    meta, tensors, order = read_st(out)
    check(order == names, "%s: file order differs from the spec" % conf_name)
    check(sum(math.prod(t[1]) for t in tensors.values()) == params, "%s: parameter count" % conf_name)
    for name, shape, init in expected:
        if name in tensors:
            check_stats(conf_name, name, values(tensors[name]), init, pads.get(name))
    return out


# gpt2 as released: the built-in model is this special case, the same spec.
rc, builtin, _ = run(["model", "--print-spec"])
rc2, from_config, _ = run(["model", "--hf-config", cfg("gpt2.json"), "--print-spec"])
check(rc == 0 and rc2 == 0 and builtin == from_config, "gpt2.json's spec differs from the built-in GPT-2")
family_check("gpt2.json", ["--dtype", "bf16"])  # bf16: half the bytes of the 0.5 GB f32 file
singles = {}
for conf in ("llama-small.json", "mistral-small.json", "qwen2-small.json", "bert-tiny.json"):
    singles[conf] = family_check(conf, ["--dtype", "f32"])

# The released Llama-2-7B and TinyLlama-1.1B configs (bench/hf/, the scale
# benchmarks): published parameter counts, from the spec alone.
BENCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench", "hf")
for conf, published in (("llama2-7b.json", 6738415616), ("tinyllama-1.1b.json", 1100048384)):
    c = load_config(os.path.join(BENCH, conf))
    rc, so, se = run(["model", "--hf-config", os.path.join(BENCH, conf), "--print-spec"])
    if check(rc == 0, "%s --print-spec: %d %r" % (conf, rc, se)):
        spec = json.loads(so)["tensors"]
        expected, _ = llama_tensors(c)
        check([(t["name"], tuple(t["shape"])) for t in spec] == [t[:2] for t in expected], "%s: tensors" % conf)
        n = sum(math.prod(t["shape"]) for t in spec)
        check(n == published, "%s: %d parameters, published %d" % (conf, n, published))

# The config's own dtype: qwen2-small says bfloat16.
out = tmp("qwen2-bf16.safetensors")
rc, _, se = run(["model", "--hf-config", cfg("qwen2-small.json"), "-q", "-o", out])
if check(rc == 0, "qwen2 default dtype: %d %r" % (rc, se)):
    check(all(t[0] == "BF16" for t in read_st(out)[1].values()), "qwen2: torch_dtype bfloat16 not followed")

# GQA, biases and ties on a variant: llama with attention_bias, mlp_bias,
# tied embeddings, no pad token.
c = load_config("llama-small.json")
c.update(attention_bias=True, mlp_bias=True, tie_word_embeddings=True, pad_token_id=None, num_key_value_heads=4)
with open(tmp("llama-variant.json"), "w") as fh:
    json.dump(c, fh)
family_check(tmp("llama-variant.json"), ["--dtype", "f32"])
for conf, pad, name, row in (("llama-small.json", -1, "model.embed_tokens.weight", 999),
                             ("bert-tiny.json", None, "embeddings.word_embeddings.weight", None)):
    with open(tmp("pad.json"), "w") as fh:
        json.dump(dict(load_config(conf), pad_token_id=pad), fh)
    rc, so, se = run(["model", "--hf-config", tmp("pad.json"), "--print-spec"])
    t = [t for t in json.loads(so)["tensors"] if t["name"] == name] if rc == 0 else []
    check(len(t) == 1 and t[0].get("padding_idx") == row, "%s pad_token_id %r: padding row %r, expected %r" % (
        conf, pad, t[0].get("padding_idx") if t else None, row))

# --------------------------------------------------------- bad configs
def bad(conf, needle, extra=()):
    p = tmp("bad.json")
    with open(p, "wb") as fh:
        fh.write(conf.encode() if isinstance(conf, str) else conf if isinstance(conf, bytes) else
                 json.dumps(conf).encode())
    out = tmp("bad-out")
    rc, so, se = run(["model", "--hf-config", p, "-o", out] + list(extra))
    check(rc == 2 and se.count("\n") == 1 and needle in se and so == "",
          "bad config (%s): exit %d, stderr %r" % (needle, rc, se))
    check(not os.path.exists(out), "bad config (%s): %s was created" % (needle, out))


base = load_config("llama-small.json")
bad(dict(base, model_type="falcon"), "unknown model_type 'falcon'")
bad({k: v for k, v in base.items() if k != "model_type"}, "missing key 'model_type'")
bad({k: v for k, v in base.items() if k != "hidden_size"}, "missing key 'hidden_size'")
bad(dict(base, num_key_value_heads=3), "num_key_value_heads")
bad(dict(base, hidden_size=-4), "key 'hidden_size'")
bad(dict(base, num_hidden_layers=100001), "more than 100000 layers")
bad(dict(load_config("gpt2.json"), n_layer=100001), "more than 100000 layers")
bad(dict(base, vocab_size=2**31 + 1), "key 'vocab_size'")
bad(dict(base, hidden_size=256.5), "key 'hidden_size'")
bad(dict(base, hidden_size="256"), "key 'hidden_size'")
bad(dict(base, initializer_range=-0.02), "initializer_range")
bad(dict(base, tie_word_embeddings="yes"), "tie_word_embeddings")
bad(dict(base, model_type=7), "missing key 'model_type'")
bad(b'{"model_type": "ll\xffama"}', "unknown model_type")
bad("[1, 2]", "not a JSON object")
bad("", "invalid JSON")
# Where cJSON alone is laxer than Python's json, which transformers reads
# configs with (found writing the fuzz target's corpus): text after the
# object, a NUL byte, "\u0000" cutting a string short, and a repeated key
# (Python keeps the last, cJSON the first: another model).
bad(json.dumps(base) + " trailing", "text after the value")
bad(json.dumps(base).encode() + b"\0", "NUL byte")
bad(json.dumps(dict(base, model_type="llama\0bert")), "\\u0000")
bad('{"model_type": "gpt2", ' + json.dumps(base)[1:], "duplicate key 'model_type'")
bad(dict(base, pad_token_id=1000), "pad_token_id")
bad(dict(base, pad_token_id=-1001), "pad_token_id")
bad(dict(base, torch_dtype="int8"), "torch_dtype")
bad(dict(load_config("bert-tiny.json"), position_embedding_type="relative_key"), "position_embedding_type")
bad({k: v for k, v in load_config("gpt2.json").items() if k != "n_embd"}, "missing key 'n_embd'")
bad("{not json", "invalid JSON")
bad(base, "--max-shard-size", ["--max-shard-size", "5XB"])
bad(base, "--shard-of", ["--max-shard-size", "1MB", "--shard-of", "2/2"])
rc, _, se = run(["model", "--hf-config", tmp("missing.json"), "--print-spec"])
check(rc == 2 and "missing.json" in se, "missing config: %d %r" % (rc, se))
rc, _, se = run(["model", "--hf-config", cfg("gpt2.json"), "--max-shard-size", "1GB"])
check(rc == 2 and "-o" in se, "--max-shard-size without -o: %d %r" % (rc, se))


# ------------------------------------------------------ the sharded layout
def sharded(conf, d, extra=(), exe=None, prefix=()):
    env = ENV
    if exe is not None:
        # OpenMPI keeps allocations until exit that LeakSanitizer (in the
        # sanitizer build) would report as ours.
        env = dict(ENV, ASAN_OPTIONS=(ENV.get("ASAN_OPTIONS", "") + ":detect_leaks=0").lstrip(":"))
    rc, _, se = run_tool(list(prefix) + [exe or EXE, "model", "--hf-config", cfg(conf), "-q", "-o", d] + list(extra),
                         env=env)
    return rc, se


def shard_files(d):
    return sorted(f for f in os.listdir(d) if f.endswith(".safetensors"))


def layout_check(d, conf, single, limit):
    """The directory d against the single-file run of the same config."""
    index, tensors, order = read_sharded(d)
    _, ref, ref_order = read_st(single)
    check(order == ref_order, "%s: shard order differs from the single file" % d)
    check(all(tensors[k][2] == ref[k][2] and tensors[k][:2] == ref[k][:2] for k in ref),
          "%s: a tensor differs from the single-file run" % d)
    check(index["metadata"]["total_size"] == sum(len(t[2]) for t in ref.values()), "%s: total_size" % d)
    check(set(index["weight_map"]) == set(ref), "%s: weight_map names" % d)
    files = shard_files(d)
    k = len(files)
    check(files == ["model-%05d-of-%05d.safetensors" % (j + 1, k) for j in range(k)], "%s: files %r" % (d, files))
    with open(os.path.join(d, "model.safetensors.index.json"), encoding="utf-8") as fh:
        text = fh.read()
    check(text == json.dumps(index, indent=2, sort_keys=True) + "\n", "%s: index is not sorted/indented" % d)
    with open(cfg(conf), "rb") as a, open(os.path.join(d, "config.json"), "rb") as b:
        check(a.read() == b.read(), "%s: config.json is not a copy" % d)
    # In order, by size: a shard ends only where the next tensor would not fit.
    sizes = [len(ref[n][2]) for n in ref_order]
    j, acc, expect = 0, 0, []
    for i, s in enumerate(sizes):
        if i > 0 and acc > 0 and acc + s > limit:
            j, acc = j + 1, 0
        acc += s
        expect.append("model-%05d-of-%05d.safetensors" % (j + 1, k))
    check([index["weight_map"][n] for n in ref_order] == expect, "%s: assignment is not in order by size" % d)
    check(not [f for f in os.listdir(d) if ".tmp" in f], "%s: temporaries left" % d)


LIMIT = 200000
single = singles["qwen2-small.json"]
d = tmp("qwen2-sharded")
rc, se = sharded("qwen2-small.json", d, ["--max-shard-size", "200KB", "--dtype", "f32"])
if check(rc == 0 and se == "", "sharded qwen2: %d %r" % (rc, se)):
    layout_check(d, "qwen2-small.json", single, LIMIT)
    n_shards = len(shard_files(d))
    check(n_shards >= 4, "qwen2 at 200KB: only %d shards" % n_shards)

    # --resume keeps valid shards (same inode, same mtime) and rewrites a
    # truncated one and one written for another seed.
    files = shard_files(d)
    st0 = {f: os.stat(os.path.join(d, f)) for f in files}
    with open(os.path.join(d, files[1]), "r+b") as fh:
        fh.truncate(1000)
    foreign = tmp("foreign")
    sharded("qwen2-small.json", foreign, ["--max-shard-size", "200KB", "--dtype", "f32", "--seed", "9"])
    shutil.copy(os.path.join(foreign, files[2]), os.path.join(d, files[2]))
    os.unlink(os.path.join(d, "model.safetensors.index.json"))
    rc, se = sharded("qwen2-small.json", d, ["--max-shard-size", "200KB", "--dtype", "f32", "--resume"])
    if check(rc == 0, "resume: %d %r" % (rc, se)):
        layout_check(d, "qwen2-small.json", single, LIMIT)
        for f in files:
            s = os.stat(os.path.join(d, f))
            same = (s.st_ino, s.st_mtime_ns) == (st0[f].st_ino, st0[f].st_mtime_ns)
            check(same == (f not in files[1:3]), "resume: %s %s" % (f, "kept" if same else "rewritten"))
    # Another spec (dtype) under --resume: nothing is kept.
    rc, se = sharded("qwen2-small.json", d, ["--max-shard-size", "200KB", "--dtype", "bf16", "--resume"])
    check(rc == 0 and all(read_st(os.path.join(d, f))[1] and
                          all(t[0] == "BF16" for t in read_st(os.path.join(d, f))[1].values())
                          for f in shard_files(d)), "resume with another dtype kept an f32 shard")

    # --shard-of: three processes, one after the other; only the one that
    # completes the set writes the index, and the files are the same.
    d3 = tmp("qwen2-shard-of")
    for k in range(3):
        rc, se = sharded("qwen2-small.json", d3, ["--max-shard-size", "200KB", "--dtype", "f32",
                                                  "--shard-of", "%d/3" % k])
        check(rc == 0, "--shard-of %d/3: %d %r" % (k, rc, se))
        mine = [f for j, f in enumerate(files) if j % 3 <= k]
        check(shard_files(d3) == sorted(mine), "--shard-of %d/3 wrote %r" % (k, shard_files(d3)))
        has_index = os.path.exists(os.path.join(d3, "model.safetensors.index.json"))
        check(has_index == (k == 2), "--shard-of %d/3: index %s" % (k, "written" if has_index else "missing"))
    layout_check(d3, "qwen2-small.json", single, LIMIT)

# A tensor larger than the limit gets a shard of its own; 1 byte limit:
# one tensor per shard.
d1 = tmp("bert-1B")
rc, se = sharded("bert-tiny.json", d1, ["--max-shard-size", "1", "--dtype", "f32"])
if check(rc == 0, "bert at 1 byte: %d %r" % (rc, se)):
    layout_check(d1, "bert-tiny.json", singles["bert-tiny.json"], 1)
    check(len(shard_files(d1)) == len(read_st(singles["bert-tiny.json"])[1]), "bert at 1 byte: not one per tensor")

# An unwritable shard fails, removes its temporary, writes no index.
dbad = tmp("bad-shard")
os.makedirs(os.path.join(dbad, "model-00002-of-%05d.safetensors" % len(files)))
rc, se = sharded("qwen2-small.json", dbad, ["--max-shard-size", "200KB", "--dtype", "f32"])
check(rc == 1 and se.count("\n") == 1, "unwritable shard: exit %d %r" % (rc, se))
check(not os.path.exists(os.path.join(dbad, "model.safetensors.index.json")), "unwritable shard: index written")
check(not [f for f in os.listdir(dbad) if ".tmp" in f], "unwritable shard: temporary left")

# ------------------------------------------------------------------ MPI
MPIRUN = shutil.which("mpirun")
if MPI_EXE is None or MPIRUN is None:
    print("hf_test: SKIP the MPI part: %s" % ("nninit-mpi not built (OpenMPI's libopenmpi-dev absent)"
                                              if MPI_EXE is None else "mpirun not found (openmpi-bin)"))
else:
    launch = [MPIRUN, "-np", "3", "--oversubscribe"] + (["--allow-run-as-root"] if os.geteuid() == 0 else [])
    dm = tmp("qwen2-mpi")
    rc, se = sharded("qwen2-small.json", dm, ["--max-shard-size", "200KB", "--dtype", "f32", "--mpi"],
                     exe=MPI_EXE, prefix=launch)
    if check(rc == 0, "mpirun -np 3: exit %d %r" % (rc, se)):
        layout_check(dm, "qwen2-small.json", single, LIMIT)
        for f in shard_files(d3) + ["model.safetensors.index.json", "config.json"]:
            with open(os.path.join(dm, f), "rb") as a, open(os.path.join(d3, f), "rb") as b:
                check(a.read() == b.read(), "mpirun -np 3: %s differs from the single-process run" % f)
    # Rank 1 cannot write its first shard: every rank exits non-zero, no
    # index, no temporaries.
    dmb = tmp("qwen2-mpi-bad")
    os.makedirs(os.path.join(dmb, "model-00002-of-%05d.safetensors" % len(files)))
    rc, se = sharded("qwen2-small.json", dmb, ["--max-shard-size", "200KB", "--dtype", "f32", "--mpi"],
                     exe=MPI_EXE, prefix=launch)
    check(rc != 0 and "model-00002" in se, "mpirun with a failing rank: exit %d %r" % (rc, se))
    check(not os.path.exists(os.path.join(dmb, "model.safetensors.index.json")), "failing rank: index written")
    check(not [f for f in os.listdir(dmb) if ".tmp" in f], "failing rank: temporary left")
    # Rank 1 failed in the first round of shards (0, 1, 2): the agreement
    # after it stops every rank before the second round (shards 3, 4).
    check(not [f for f in os.listdir(dmb) if f.startswith(("model-00004", "model-00005"))],
          "failing rank: the others went on after the first round: %r" % sorted(os.listdir(dmb)))
    # Without --mpi's launcher, nninit (no MPI) refuses --mpi.
    rc, _, se = run(["model", "--hf-config", cfg("qwen2-small.json"), "-o", tmp("x"), "--max-shard-size", "1MB",
                     "--mpi"])
    check(rc == 2 and "without MPI" in se, "nninit --mpi: %d %r" % (rc, se))

check.finish()
