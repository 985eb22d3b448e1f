#!/usr/bin/env bash
# Fuzzes NetDrop's parsers with AFL++ through SharpFuzz for a fixed time.
#
#   fuzz/run.sh TARGET|all SECONDS
#
# TARGET is one of the harness's targets (dotnet fuzz/NetDrop.Fuzz/bin/Debug/net10.0/NetDrop.Fuzz.dll list),
# "all" runs each in turn for SECONDS. It builds the harness if needed, copies it to fuzz/out/bin and
# instruments NetDrop, the CLI, the spec generator and YamlDotNet there, then runs afl-fuzz from the
# seeds in fuzz/seeds/TARGET and the inputs that once crashed it (testdata/fuzz/TARGET, which must first
# replay clean). Findings stay in fuzz/out/TARGET (NETDROP_FUZZ_OUT moves fuzz/out). Every crash is
# replayed through the uninstrumented harness to show its exception.
#
# It installs nothing: it needs afl-fuzz (Debian's afl++) and the sharpfuzz tool from the repository's
# tool manifest (dotnet tool restore). Exit status: 0 no crash or hang, 1 one found, 2 cannot run.
# The last line is "fuzz: N passed, N failed", one target counting as one.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [ $# -ne 2 ] || ! [[ $2 =~ ^[0-9]+$ ]] || [ "$2" -lt 1 ]; then
  echo "usage: fuzz/run.sh TARGET|all SECONDS" >&2
  exit 2
fi
targets=$1
seconds=$2

missing=0
if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "fuzz/run.sh: afl-fuzz is not installed: apt-get install afl++" >&2
  missing=1
fi
if ! dotnet tool run sharpfuzz >/dev/null 2>&1 </dev/null; then
  # The tool prints its usage and exits 0; any failure means it is not restored.
  echo "fuzz/run.sh: the sharpfuzz tool is not restored: run 'dotnet tool restore' in $root" >&2
  missing=1
fi
[ "$missing" -eq 0 ] || exit 2

harness=fuzz/NetDrop.Fuzz/bin/Debug/net10.0
if ! dotnet build fuzz/NetDrop.Fuzz -nologo -v quiet >/dev/null; then
  echo "fuzz/run.sh: the harness does not build: dotnet build fuzz/NetDrop.Fuzz" >&2
  exit 2
fi
if [ "$targets" = all ]; then
  targets=$(dotnet "$harness/NetDrop.Fuzz.dll" list | awk '{ print $1 }')
fi

out=${NETDROP_FUZZ_OUT:-$root/fuzz/out}
bin=$out/bin
rm -rf "$bin"
mkdir -p "$out"
cp -r "$harness" "$bin"
for assembly in NetDrop.dll NetDrop.Cli.dll NetDrop.Generators.dll NetDrop.SpecSync.dll YamlDotNet.dll; do
  if ! dotnet tool run sharpfuzz "$bin/$assembly" >"$out/instrument-$assembly.log" 2>&1; then
    echo "fuzz/run.sh: instrumenting $assembly failed:" >&2
    cat "$out/instrument-$assembly.log" >&2
    exit 2
  fi
done

# AFL reads its own status from the environment: no screen (CI has no terminal), no CPU binding (other
# jobs share the machine), and no demand that crashes go to core files or that the CPU governor be set.
# Calibration runs each seed fewer times (AFL_FAST_CAL): with .NET's start-up it is most of a short run.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_FAST_CAL=1
# The harness runs under a 512 MiB heap: an allocation sized by an unchecked length field fails as a crash.
export DOTNET_GCHeapHardLimit=0x20000000 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

stat() { awk -F' *: *' -v key="$1" '$1 == key { print $2 }' "$2" 2>/dev/null; }

passed=0
failed=0
for target in $targets; do
  seeds=fuzz/seeds/$target
  if [ ! -d "$seeds" ]; then
    echo "fuzz $target: no seeds in $seeds (fuzz/make-seeds.sh makes them)" >&2
    failed=$((failed + 1))
    continue
  fi

  # Inputs that once crashed a parser must still run clean; they also seed the run, being edge cases.
  regressions=testdata/fuzz/$target
  inputs=$out/$target-inputs
  rm -rf "$inputs"
  mkdir -p "$inputs"
  cp "$seeds"/* "$inputs"/
  if [ -d "$regressions" ]; then
    if ! replay=$(dotnet "$harness/NetDrop.Fuzz.dll" "$target" "$regressions"); then
      echo "fuzz $target: an input that crashed before crashes again:"
      printf '%s\n' "$replay" | grep -v '^ok ' | head -n 40
      failed=$((failed + 1))
      continue
    fi
    for file in "$regressions"/*; do cp "$file" "$inputs/regression-$(basename "$file")"; done
  fi

  findings=$out/$target
  rm -rf "$findings"
  dictionary=()
  [ -f "fuzz/dictionaries/$target.dict" ] && dictionary=(-x "fuzz/dictionaries/$target.dict")
  # netdm-read writes each input to a file, one per harness process: in memory when it can, and removed after.
  scratch=$(mktemp -d "$( [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm || echo "$out" )/netdrop-fuzz.XXXXXX")
  export NETDROP_FUZZ_SCRATCH=$scratch
  nice -n 19 afl-fuzz -i "$inputs" -o "$findings" -t 5000 -m none -V "$seconds" "${dictionary[@]}" \
    -- dotnet "$bin/NetDrop.Fuzz.dll" "$target" >"$out/$target.log" 2>&1
  status=$?
  rm -rf "$scratch"
  stats=$findings/default/fuzzer_stats
  if [ ! -f "$stats" ]; then
    echo "fuzz $target: afl-fuzz did not start (exit $status); the end of $out/$target.log:" >&2
    tail -n 20 "$out/$target.log" >&2
    failed=$((failed + 1))
    continue
  fi

  if [ "$status" -ne 0 ]; then
    # afl-fuzz stops with an error when it loses its fork server: the harness itself died, not a child
    # running an input (those are saved as crashes). The time given was not fuzzed; that is said loudly and
    # counted neither as passed nor as failed (docs/robustness.md).
    echo "fuzz $target: WARNING: NOT FUZZED: afl-fuzz lost its fork server (exit $status) after $(stat execs_done "$stats") inputs; see docs/robustness.md. The end of $out/$target.log:" >&2
    tail -n 8 "$out/$target.log" | sed 's/\x1b\[[0-9;]*[A-Za-z]//g' >&2
    continue
  fi

  crashes=$(find "$findings/default/crashes" -type f ! -name README.txt 2>/dev/null | wc -l)
  hangs=$(find "$findings/default/hangs" -type f 2>/dev/null | wc -l)
  echo "fuzz $target: $(stat execs_done "$stats") inputs in $(stat run_time "$stats") s ($(stat execs_per_sec "$stats")/s), corpus $(stat corpus_count "$stats") (from $(find "$inputs" -type f | wc -l) seeds), edges $(stat edges_found "$stats"), $crashes crashes, $hangs hangs"
  if [ "$crashes" -gt 0 ]; then
    # AFL keeps one input per new path to a crash: many inputs, often one bug. Group them by exception.
    replay=$(dotnet "$harness/NetDrop.Fuzz.dll" "$target" "$findings/default/crashes")
    echo "fuzz $target: the crashing inputs (in $findings/default/crashes), replayed, by exception:"
    printf '%s\n' "$replay" | awk '/^CRASH /{ getline; print }' | sort | uniq -c
    echo "fuzz $target: the first in full:"
    printf '%s\n' "$replay" | awk '/^CRASH /{ n++ } n == 1' | head -n 30
  fi
  if [ "$hangs" -gt 0 ]; then
    echo "fuzz $target: inputs that ran past 5 s are in $findings/default/hangs"
  fi
  if [ "$crashes" -eq 0 ] && [ "$hangs" -eq 0 ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
done

echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
