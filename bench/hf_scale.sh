#!/bin/sh
# The scale benchmarks of issue 12 (docs/performance-bulk.md, "Hugging Face
# models at scale"), run once:
#   1. this disk's sequential write bandwidth (dd, oflag=direct, 4 GiB);
#   2. generation alone: the same Llama-2-7B tensors made 4 MiB at a time
#      into one reused buffer, as `nninit model` makes them, without the
#      writes (bench/gpt2_init.c --chunk 4), with T threads;
#   3. `nninit model` writing the released Llama-2-7B config in bf16 as 5 GB
#      shards (13.5 GB), with its peak RSS (/usr/bin/time -v) and its split
#      of time between generating and waiting for the writes; the output is
#      removed afterwards;
#   4. TinyLlama-1.1B initialized in memory by nninit (bench/gpt2_init.c
#      --spec) and by PyTorch's normal_/zeros_/ones_ (bench/peers/
#      gpt2_torch.py --spec), f32 and bf16, with T threads.
# Usage: bench/hf_scale.sh [BUILD_DIR] [OUT_DIR] [THREADS]
# OUT_DIR needs about 14 GB free (default: ./hf-scale-out, removed after).
set -eu
build="${1:-build}"
out="${2:-hf-scale-out}"
threads="${3:-2}"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out"

echo "=== load: $(cat /proc/loadavg)"
echo "=== disk: sequential write, 4 GiB, O_DIRECT"
dd if=/dev/zero of="$out/dd.bin" bs=64M count=64 oflag=direct 2>&1 | tail -n 1
rm -f "$out/dd.bin"

echo "=== generation alone: Llama-2-7B bf16, 4 MiB chunks, no writes, $threads threads"
"$build/cli/nninit" model --hf-config "$here/hf/llama2-7b.json" --print-spec \
    >"$out/llama2-7b.json"
"$build/cli/gpt2_init" --spec "$out/llama2-7b.json" --dtype bf16 \
    --threads "$threads" --reps 1 --chunk 4
rm -f "$out/llama2-7b.json"

echo "=== nninit model: Llama-2-7B bf16, 5GB shards, $threads threads"
/usr/bin/time -v "$build/cli/nninit" model --hf-config "$here/hf/llama2-7b.json" \
    --dtype bf16 --max-shard-size 5GB --threads "$threads" --verbose \
    -o "$out/llama2-7b" 2>"$out/time.txt" || { cat "$out/time.txt"; exit 1; }
grep -E "^nninit|Maximum resident|Elapsed|Percent of CPU" "$out/time.txt"
ls -l "$out/llama2-7b"
rm -rf "$out/llama2-7b" "$out/time.txt"

echo "=== TinyLlama-1.1B in memory: nninit vs PyTorch, $threads threads"
"$build/cli/nninit" model --hf-config "$here/hf/tinyllama-1.1b.json" --print-spec \
    >"$out/tinyllama.json"
for dt in f32 bf16; do
    "$build/cli/gpt2_init" --spec "$out/tinyllama.json" --dtype "$dt" \
        --threads "$threads" --reps 3
    /usr/bin/python3 "$here/peers/gpt2_torch.py" --spec "$out/tinyllama.json" \
        --dtype "$dt" --threads "$threads" --reps "$([ "$dt" = f32 ] && echo 3 || echo 1)"
done
rm -f "$out/tinyllama.json"
echo "=== load: $(cat /proc/loadavg)"
rmdir "$out" 2>/dev/null || true
