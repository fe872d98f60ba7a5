#!/usr/bin/env bash
# Re-record the LLM cassettes from the real local model (never edit cassettes by hand).
# Needs scripts/local-model.sh to have fetched and built the model once. Starts the server on
# loopback, records every cassette test, stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${CHECKER_MODEL_DIR:-$HOME/.cache/checker/model}"
model="$dir/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
[ -f "$model" ] || scripts/local-model.sh 1.5b --no-serve
"$dir/venv/bin/python" -m llama_cpp.server --model "$model" \
  --model_alias qwen2.5-coder-1.5b-instruct-q4_k_m.gguf --host 127.0.0.1 --port 8765 \
  --n_ctx 8192 --n_threads "$(nproc)" > "${TMPDIR:-/tmp}/checker-llama.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs http://127.0.0.1:8765/v1/models >/dev/null 2>&1 && break
  sleep 1
done
if [ "${1:-}" = "--only-new" ]; then
  shift  # keep existing cassettes, record only requests they do not have
else
  rm -rf cassettes/test_llm_cassettes cassettes/test_llm_injection
fi
.venv/bin/python -m pytest tests/test_llm_cassettes.py --record-mode=once -p no:cacheprovider -q "$@"
# This test replays the seed cassette too; new_episodes lets it add its own requests.
.venv/bin/python -m pytest tests/test_llm_injection.py --record-mode=new_episodes -p no:cacheprovider -q "$@"
