#!/usr/bin/env bash
# Runs an already built test assembly inside the kernel-lab guest (Debian's 6.1 kernel, which has
# NET_DM) with the .NET SDK's test runner.
#
#   run-lab-tests.sh PATH/TO/TestAssembly.dll [extra `dotnet test` arguments, e.g. --filter X]
#
# Nothing is built or restored in the guest: build on the host first. `dotnet test ASSEMBLY.dll`
# hands the assembly to VSTest, which needs neither MSBuild nor NuGet and so works from the
# guest's read-only root; its default console verbosity prints each failure with its message and
# stack trace and ends with the line .ci/run sums:
#   Passed!  - Failed:     0, Passed:     5, Skipped:     0, Total:     5, Duration: 2 s - X.dll (net10.0)
# (a `--logger "console;verbosity=normal"` argument would replace that line with a block that
# .ci/run does not read). Exits with the runner's exit code: 0 when every test passed, non-zero
# when one failed, 125 when the guest itself failed (boot failure, timeout).
#
# Environment: NETDROP_LAB_TIMEOUT (seconds for the whole guest run, default 900),
# NETDROP_LAB_RESULTS (a host folder to keep the guest's output, serial log and TestResults in).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  echo "usage: $0 PATH/TO/TestAssembly.dll [extra dotnet test arguments]" >&2
  exit 2
fi
dll=$(realpath -- "$1")
shift
if [ ! -f "$dll" ]; then
  echo "run-lab-tests: no test assembly at $dll (build it on the host first)" >&2
  exit 2
fi
case "$dll" in
  # The guest mounts its own proc, sys, dev and run over these.
  /proc/*|/sys/*|/dev/*|/run/*)
    echo "run-lab-tests: $dll is not visible in the guest; build outside /proc, /sys, /dev and /run" >&2
    exit 2 ;;
esac

args=(--timeout "${NETDROP_LAB_TIMEOUT:-900}")
if [ -n "${NETDROP_LAB_RESULTS:-}" ]; then args+=(--results "$NETDROP_LAB_RESULTS"); fi

# guest-init.sh mounts the writable share at /run/netdrop-lab (NETDROP_LAB_RESULTS in the guest);
# anything the runner writes (TestResults, trx or diag logs) must go there or under /tmp, because
# the assembly's folder is read-only in the guest. Single quotes: expanded by the guest's sh.
# shellcheck disable=SC2016
exec "$here/run-in-guest.sh" "${args[@]}" -- \
  sh -c 'exec dotnet test "$@" --results-directory "$NETDROP_LAB_RESULTS/TestResults"' \
  dotnet-test "$dll" "$@"
