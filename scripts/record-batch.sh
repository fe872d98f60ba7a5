#!/usr/bin/env bash
# Produce tests/data/seed-batch-results.jsonl by running the prepared Batch API requests for the
# seed story through the real local model (never written by hand). Needs scripts/local-model.sh
# to have built the model once.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${CHECKER_MODEL_DIR:-$HOME/.cache/checker/model}"
name=qwen2.5-coder-1.5b-instruct-q4_k_m.gguf
"$dir/venv/bin/python" -m llama_cpp.server --model "$dir/$name" --model_alias "$name" \
  --host 127.0.0.1 --port 8765 --n_ctx 8192 --n_threads "$(nproc)" > "${TMPDIR:-/tmp}/checker-llama-batch.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs http://127.0.0.1:8765/v1/models >/dev/null 2>&1 && break; sleep 1; done
tmp=$(mktemp -d)
CHECKER_LLM_MODEL=$name CHECKER_LLM_BASE_URL=http://127.0.0.1:8765/v1 CHECKER_CACHE_DIR="$tmp" \
  .venv/bin/checker batch prepare corpus/nk-russia-containers -o "$tmp/batch.jsonl"
.venv/bin/python scripts/run-batch-locally.py "$tmp/batch.jsonl" tests/data/seed-batch-results.jsonl \
  --base-url http://127.0.0.1:8765/v1
