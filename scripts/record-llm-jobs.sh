#!/usr/bin/env bash
# Record the real local model's answers to the narrow LLM jobs for every corpus story and every
# dev story (../shared/dev-stories), into cassettes/llm-jobs/<set>/<story>.jsonl (never written
# by hand). Starts the model on loopback with two threads, runs scripts/eval-llm.py --record
# (which asks only what the recordings do not already answer), stops the model.
#   scripts/record-llm-jobs.sh            # add what is missing
#   scripts/record-llm-jobs.sh --fresh    # record everything again
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${CHECKER_MODEL_DIR:-$HOME/.cache/checker/model}"
name=qwen2.5-coder-1.5b-instruct-q4_k_m.gguf
[ -f "$dir/$name" ] || scripts/local-model.sh 1.5b --no-serve
if [ "${1:-}" = "--fresh" ]; then
  shift
  rm -rf cassettes/llm-jobs
fi
"$dir/venv/bin/python" -m llama_cpp.server --model "$dir/$name" --model_alias "$name" \
  --host 127.0.0.1 --port 8766 --n_ctx 8192 --n_threads 2 > "${TMPDIR:-/tmp}/checker-llama-jobs.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs http://127.0.0.1:8766/v1/models >/dev/null 2>&1 && break; sleep 1; done
# a run over everything also drops answers to requests no longer made (after a prompt change)
[ $# -eq 0 ] && set -- --prune
CHECKER_LLM_MODEL=$name CHECKER_LLM_BASE_URL=http://127.0.0.1:8766/v1 \
  .venv/bin/python scripts/eval-llm.py --record "$@"
