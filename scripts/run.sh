#!/bin/sh
# Set up, build and run the main job: initialize GPT-2 small (the built-in
# spec of `nninit model`: 124,439,808 parameters, Hugging Face GPT2Model
# names) into gpt2-small.safetensors.
set -eu
cd "$(dirname "$0")/.."
./scripts/deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null
./build/cli/nninit info
./build/cli/nninit model -o gpt2-small.safetensors
