#!/usr/bin/python3
"""PyTorch initializing GPT-2 small in memory: the peer of bench/gpt2_init.c.

Usage: gpt2_torch.py [--threads N] [--reps R] [--dtype f32|bf16|f16]

The same 148 tensors, shapes and initializers as nninit's built-in spec
(cli/gpt2.c; Hugging Face GPT2PreTrainedModel._init_weights): weights
normal_(0, 0.02), residual projections normal_(0, 0.02 / sqrt(24)), biases
zeros_, layer-norm weights ones_, in one process with
torch.set_num_threads(N). The tensors are allocated and written once before
timing, as gpt2_init does. Prints one line in gpt2_init's format (wall
seconds, and CPU seconds of the whole process).
"""
import argparse
import math
import statistics
import time

import torch

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--reps", type=int, default=5)
ap.add_argument("--dtype", choices=("f32", "bf16", "f16"), default="f32")
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

tensors = [(torch.zeros(shape, dtype=dtype), init) for _, shape, init in spec]
params = sum(t.numel() for t, _ in tensors)
assert params == 124439808, params
torch.manual_seed(0)


def init_all():
    with torch.no_grad():
        for t, init in tensors:
            if init == "zeros":
                torch.nn.init.zeros_(t)
            elif init == "ones":
                torch.nn.init.ones_(t)
            else:
                torch.nn.init.normal_(t, 0.0, init)


secs, cpu = [], []
for r in range(-1, args.reps):  # r = -1: warm-up
    t0, c0 = time.perf_counter(), time.process_time()
    init_all()
    if r >= 0:
        secs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
secs.sort()
esize = torch.tensor([], dtype=dtype).element_size()
print("torch %s gpt2-small %s: %d threads, %d reps: best %.4f s, median %.4f s, %.3f Gparam/s, %.2f GB/s; "
      "best CPU %.4f s" % (torch.__version__, args.dtype, torch.get_num_threads(), args.reps, secs[0],
                           statistics.median(secs), params / secs[0] / 1e9, params * esize / secs[0] / 1e9, min(cpu)))
