#!/usr/bin/env bash
# The command line's start-up (docs/cli.md#start-up, docs/benchmarks.md "Command line start-up"): check and generate
# of sample-repo's channels.yaml (no target, nothing over the network), each a new JVM, with and without an AppCDS
# archive, interleaved, N runs each (default 7); prints the medians of wall and CPU time (user + system) and the
# classes each run loaded, and where from (the archive or the jar), as a Markdown table.
#   bash benchmarks/cli-startup.sh [runs]      after ./mvnw -B -pl modules/release-channels-cli -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
jar=$(ls modules/release-channels-cli/target/release-channels-cli-*-all.jar)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp sample-repo/channels.yaml "$work/"
cp "$jar" "$work/release-channels-cli.jar"
cd "$work"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
short="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"

# The archive as the launcher writes it: once, at the exit of a first run (JDK 17 has no -XX:+AutoCreateSharedArchive).
TIMEFORMAT='%R %U %S'
first=$( { time "$java" $short -XX:ArchiveClassesAtExit=cli.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
  -jar release-channels-cli.jar check >/dev/null 2>&1; } 2>&1 )

declare -A options=(
  [plain]=""
  [short]="$short"
  [cds]="-XX:SharedArchiveFile=cli.jsa -Xshare:auto"
  [launcher]="$short -XX:SharedArchiveFile=cli.jsa -Xshare:auto"
)
order=(plain short cds launcher)
for goal in check generate; do
  for ((i = 0; i < runs; i++)); do
    for name in "${order[@]}"; do
      # shellcheck disable=SC2086
      sample=$( { time "$java" ${options[$name]} -Xlog:class+load=info:file=classes.log \
        -jar release-channels-cli.jar "$goal" >/dev/null 2>&1; } 2>&1 )
      total=$(wc -l < classes.log)
      shared=$(grep -c 'shared objects file' classes.log || true)
      echo "$goal $name $sample $total $shared" >> samples.txt
    done
  done
done

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "JDK: $("$java" -version 2>&1 | head -n 1); $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "First run, writing the archive ($(du -k cli.jsa | cut -f1) KiB): wall $(echo "$first" | cut -d' ' -f1) s, CPU $(echo "$first" | awk '{ print $2 + $3 }') s"
echo
echo "| Goal | JVM options | Wall (median, range) | CPU (median) | Classes loaded (from the archive) |"
echo "|---|---|---|---|---|"
for goal in check generate; do
  for name in "${order[@]}"; do
    rows=$(grep "^$goal $name " samples.txt)
    wall=$(echo "$rows" | cut -d' ' -f3 | median)
    low=$(echo "$rows" | cut -d' ' -f3 | sort -n | head -n 1)
    high=$(echo "$rows" | cut -d' ' -f3 | sort -n | tail -n 1)
    cpu=$(echo "$rows" | awk '{ printf "%.2f\n", $4 + $5 }' | median)
    classes=$(echo "$rows" | cut -d' ' -f6 | median)
    shared=$(echo "$rows" | cut -d' ' -f7 | median)
    label=${options[$name]:-"(none)"}
    echo "| \`$goal\` | \`$label\` | $wall s ($low–$high) | $cpu s | $classes ($shared) |"
  done
done
