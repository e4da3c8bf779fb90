#!/usr/bin/env bash
# Benchmarks: bash benchmarks/run.sh [--smoke | --s3-moto | --s3-quick]
#   full run: writes docs/benchmarks.md (over an hour on 2 cores)
#   --smoke:  tiny sizes, one repetition, writes benchmarks/target/benchmarks-smoke.md (CI runs it so it cannot rot)
#   --s3-moto: re-measures the classes per goal and the S3 setups on moto (about 30 minutes) and puts them in place of
#             the same parts of docs/benchmarks.md, keeping the rest of the full run there
#   --s3-quick: 1,000 channels on moto only, BENCH_S3_ROUNDS rounds (default 3; about 3 minutes a round), written to
#             benchmarks/target/benchmarks-s3-quick.md. BENCH_BEFORE_REPO=<a local Maven repository holding another
#             build of the plugin, e.g. main's> adds that build's `mvn deploy` as one more side, interleaved with
#             this one's, to measure a change before and after under the same load.
# The S3 comparisons run the command line too, from its -bin.tar.gz as installed below (launcher and jar).
# The command line's start-up: bash benchmarks/cli-startup.sh (its own section of docs/benchmarks.md, kept by a full run).
# Needs a JDK 17, git, and rclone and aws for the S3 comparison (Debian: apt-get install rclone awscli). moto's
# moto_server (pip install 'moto[server]') is the second S3 server; without it those comparisons are skipped and say so.
# The plugin is installed into the local repository Maven uses; to keep it out of ~/.m2, give the same one to every
# Maven run: MAVEN_ARGS="-Dmaven.repo.local=$PWD/target/m2 -Dmaven.repo.local.tail=$HOME/.m2/repository" bash ...
set -euo pipefail
cd "$(dirname "$0")/.."

mode=()
out=docs/benchmarks.md
if [[ "${1:-}" == "--smoke" ]]; then
  mode=(--smoke)
  out=benchmarks/target/benchmarks-smoke.md
elif [[ "${1:-}" == "--s3-moto" ]]; then
  mode=(--s3-moto)
elif [[ "${1:-}" == "--s3-quick" ]]; then
  mode=(--s3-quick)
  out=benchmarks/target/benchmarks-s3-quick.md
elif [[ $# -gt 0 ]]; then
  echo "usage: bash benchmarks/run.sh [--smoke | --s3-moto | --s3-quick]" >&2
  exit 2
fi

# The plugin as the benchmarks and their mvn runs use it.
./mvnw -B -q install -DskipTests
# The benchmark classes, S3Mock's jar, and the class path to run them with.
./mvnw -B -q -f benchmarks/pom.xml package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
# The command line's start-up section is measured by benchmarks/cli-startup.sh, not by this run: keep it.
startup=
if [[ ${#mode[@]} -eq 0 && -f "$out" ]]; then
  startup=$(sed -n '/^## Command line start-up$/,/^## /{/^## Command line start-up$/p;/^## /!p}' "$out")
fi
java -cp "$PWD/benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  io.github.releasechannels.benchmarks.Benchmarks "${mode[@]}" --root "$PWD" --out "$out"
if [[ -n "$startup" ]]; then
  printf '\n%s\n' "$startup" >> "$out"
fi
