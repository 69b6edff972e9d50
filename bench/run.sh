#!/usr/bin/env bash
# Build benchmark: per-stage times, pages and bytes written, CPU, wall and peak memory, of the
# site and of the same site with one-line templates (what the default pages cost); then,
# on the smallest corpus, the dev server's rebuild after an edit to one annotation
# (examples/rebuild.rs: per-stage times of 20 rebuilds and their median).
#
#   bash bench/run.sh [N ...]        (default: 1000 10000; corpus in /dev/shm, a memory file system)
#
# Uses the shared deterministic corpus generator (../shared/bench/gen_corpus.py).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
generator="$here/../shared/bench/gen_corpus.py"
work="${BENCH_DIR:-/dev/shm/newsline-bench}"
sizes=("${@:-1000 10000}")
# shellcheck disable=SC2206
sizes=(${sizes[@]})
cargo build --release --manifest-path "$here/Cargo.toml" --bin newsline --example rebuild >/dev/null
bin="$here/target/release/newsline"
mkdir -p "$work"
for n in "${sizes[@]}"; do
  corpus="$work/n$n"
  [ -d "$corpus/ours" ] || python3 "$generator" --articles "$n" --out "$corpus" >/dev/null
  rm -rf "$corpus/out"
  "$bin" build --root "$corpus/ours" --output "$corpus/out" >/dev/null 2>&1   # warm-up
  echo "== $n articles, $(find "$corpus/ours/content/annotations" -name '*.md' | wc -l) annotations"
  /usr/bin/time -f "wall %e s | cpu %U user + %S sys s | peak %M KiB" \
    "$bin" build --root "$corpus/ours" --output "$corpus/out" --stats 2>&1 | sed 's/^/   /'
  echo "   largest page: $(find "$corpus/out" -name '*.html' -printf '%s %p\n' | sort -rn | head -n 1)"
  # The same site with every template reduced to one line: the pipeline (reading, anchoring,
  # the model, the exports, the article bodies, making and deleting the files) without
  # rendering the default pages. The difference is what the default pages cost.
  bare="$corpus/one-line-templates"
  rm -rf "$bare" && mkdir -p "$bare/templates" && cp -r "$corpus/ours/content" "$bare/"
  [ ! -f "$corpus/ours/site.toml" ] || cp "$corpus/ours/site.toml" "$bare/"
  for template in "$here"/templates/*.html; do
    echo '<p>.</p>' >"$bare/templates/$(basename "$template")"
  done
  "$bin" build --root "$bare" --output "$corpus/out-bare" >/dev/null 2>&1   # warm-up
  echo "   with one-line templates:"
  /usr/bin/time -f "wall %e s | cpu %U user + %S sys s | peak %M KiB" \
    "$bin" build --root "$bare" --output "$corpus/out-bare" --stats 2>&1 | sed 's/^/     /'
done
echo "== serve: rebuild after editing one annotation, ${sizes[0]} articles"
"$here/target/release/examples/rebuild" "$work/n${sizes[0]}/ours" 20 | tail -n 3 | sed 's/^/   /'
