#!/usr/bin/python3
"""PyTorch initializing GPT-2 small in memory: the peer of bench/gpt2_init.c.

Usage: gpt2_torch.py [--threads N] [--reps R] [--dtype f32|bf16|f16] [--spec SPEC.json]

--spec: another model's spec instead (docs/model-spec.md, e.g. from `nninit
model --hf-config C --print-spec`), as bench/gpt2_init.c --spec: normal_,
zeros_, ones_ and the padding rows zeroed after normal_, as the Hugging Face
families' _init_weights do.

The same 148 tensors, shapes and initializers as nninit's built-in spec
(cli/gpt2.c; Hugging Face GPT2PreTrainedModel._init_weights): weights
normal_(0, 0.02), residual projections normal_(0, 0.02 / sqrt(24)), biases
zeros_, layer-norm weights ones_, in one process with
torch.set_num_threads(N). The tensors are allocated and written once before
timing, as gpt2_init does. Prints one line in gpt2_init's format (wall
seconds, and CPU seconds of the whole process).
"""
import argparse
import json
import math
import statistics
import sys
import time

import torch

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--reps", type=int, default=5)
ap.add_argument("--dtype", choices=("f32", "bf16", "f16"), default="f32")
ap.add_argument("--spec")
args = ap.parse_args()
torch.set_num_threads(args.threads)
dtype = {"f32": torch.float32, "bf16": torch.bfloat16, "f16": torch.float16}[args.dtype]

E, L, STD = 768, 12, 0.02
PROJ = STD / math.sqrt(2 * L)
spec = [("wte.weight", (50257, E), STD), ("wpe.weight", (1024, E), STD)]
for i in range(L):
    p = "h.%d." % i
    spec += [(p + "ln_1.weight", (E,), "ones"), (p + "ln_1.bias", (E,), "zeros"),
             (p + "attn.c_attn.weight", (E, 3 * E), STD), (p + "attn.c_attn.bias", (3 * E,), "zeros"),
             (p + "attn.c_proj.weight", (E, E), PROJ), (p + "attn.c_proj.bias", (E,), "zeros"),
             (p + "ln_2.weight", (E,), "ones"), (p + "ln_2.bias", (E,), "zeros"),
             (p + "mlp.c_fc.weight", (E, 4 * E), STD), (p + "mlp.c_fc.bias", (4 * E,), "zeros"),
             (p + "mlp.c_proj.weight", (4 * E, E), PROJ), (p + "mlp.c_proj.bias", (E,), "zeros")]
spec += [("ln_f.weight", (E,), "ones"), ("ln_f.bias", (E,), "zeros")]

model, pads = "gpt2-small", {}
if args.spec:
    model = args.spec
    with open(args.spec, encoding="utf-8") as fh:
        spec = []
        for t in json.load(fh)["tensors"]:
            init = t["init"]
            if init["scheme"] not in ("normal", "zeros", "ones") or init.get("mean", 0) != 0:
                sys.exit("gpt2_torch: %s: only normal (mean 0), zeros and ones" % t["name"])
            spec.append((t["name"], tuple(t["shape"]), init.get("std", 1.0) if init["scheme"] == "normal"
                         else init["scheme"]))
            if "padding_idx" in t:
                pads[len(spec) - 1] = t["padding_idx"]
tensors = [(torch.zeros(shape, dtype=dtype), init, pads.get(i)) for i, (_, shape, init) in enumerate(spec)]
params = sum(t.numel() for t, _, _ in tensors)
assert args.spec or params == 124439808, params
torch.manual_seed(0)


def init_all():
    with torch.no_grad():
        for t, init, pad in tensors:
            if init == "zeros":
                torch.nn.init.zeros_(t)
            elif init == "ones":
                torch.nn.init.ones_(t)
            else:
                torch.nn.init.normal_(t, 0.0, init)
                if pad is not None:
                    t[pad].zero_()


secs, cpu = [], []
for r in range(-1, args.reps):  # r = -1: warm-up
    t0, c0 = time.perf_counter(), time.process_time()
    init_all()
    if r >= 0:
        secs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
secs.sort()
esize = torch.tensor([], dtype=dtype).element_size()
print("torch %s %s %s: %d threads, %d reps: best %.4f s, median %.4f s, %.3f Gparam/s, %.2f GB/s; "
      "best CPU %.4f s" % (torch.__version__, model, args.dtype, torch.get_num_threads(), args.reps, secs[0],
                           statistics.median(secs), params / secs[0] / 1e9, params * esize / secs[0] / 1e9, min(cpu)))
