#!/bin/bash
# PID 1 of the kernel-lab guest (run-in-guest.sh boots it with init= pointing here).
#
# The root filesystem is the host's, read-only over 9p. This sets up what a test needs on top of
# it (proc, sys, tracefs, writable /tmp and /run, loopback, module autoloading, a dotnet that can
# run without writing to /root), runs the job from the writable "results" share, leaves the
# output and the exit code there, and powers the machine off.
#
# No `set -e`: a failed mount must not stop the job from running and reporting; everything the
# host needs is the exit-code file, and the trap powers off whatever happens.
#
# The body is one { ... } block so bash reads all of it before running any: the file is read over
# 9p with caching, and an edit on the host during a run must not change what a guest executes.
{
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export LANG=C.UTF-8
share=/run/netdrop-lab

log() { echo "guest-init: $*"; }

# shellcheck disable=SC2317  # invoked by the trap
power_off() {
  sync
  # Immediate power-off; with -no-reboot qemu then exits. Nothing is left to shut down cleanly.
  echo o >/proc/sysrq-trigger
  sleep 60
}
trap power_off EXIT

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts -o gid=5,mode=620 devpts /dev/pts
# .NET and POSIX shared memory want a writable /dev/shm.
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t tracefs tracefs /sys/kernel/tracing || log "no tracefs"
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null || true
# ip netns keeps its namespaces under /run/netns.
mount -t tmpfs -o mode=755 tmpfs /run

# /tmp: writable, yet still showing the host's /tmp, because a repository or a test assembly may
# live there (a CI clone, a scratch project). An overlay does both: the host's /tmp read-only
# below, a tmpfs above. Plain tmpfs if overlayfs is unavailable.
mkdir -p /run/tmp-overlay
mount -t tmpfs -o mode=755 tmpfs /run/tmp-overlay
mkdir -p /run/tmp-overlay/upper /run/tmp-overlay/work
chmod 1777 /run/tmp-overlay/upper
if ! mount -t overlay -o lowerdir=/tmp,upperdir=/run/tmp-overlay/upper,workdir=/run/tmp-overlay/work overlay /tmp; then
  log "overlayfs failed; /tmp is an empty tmpfs"
  mount -t tmpfs -o mode=1777 tmpfs /tmp
fi

mkdir -p "$share"
if ! mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 results "$share"; then
  log "cannot mount the results share"
  exit 1
fi

# The kernel asks this program to load modules on demand: drop_monitor when the NET_DM family is
# resolved, veth for `ip link add type veth`, nf_tables and its expressions for nft. It finds
# them under /lib/modules/$(uname -r) of the shared root.
modprobe=$(command -v modprobe || true)
if [ -n "$modprobe" ]; then
  echo "$modprobe" >/proc/sys/kernel/modprobe
else
  log "no modprobe: modules will not autoload"
fi

ip link set lo up || log "cannot bring lo up"
hostname netdrop-lab 2>/dev/null || true

# LAB_DIR, LAB_REPO, LAB_NUGET_PACKAGES and the LAB_CMD array, quoted by the host with printf %q.
# shellcheck source=/dev/null
. "$share/job.sh"

# dotnet from a read-only root: every place it writes (first-run sentinel, CLI home, NuGet
# caches and logs) goes under /tmp. Packages already restored on the host are read in place.
export HOME=/tmp/home
export DOTNET_CLI_HOME=$HOME
export DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
# The workload integrity check would try to write beside the SDK and print "An issue was
# encountered verifying workloads" on every run.
export DOTNET_SKIP_WORKLOAD_INTEGRITY_CHECK=1
export DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=1 DOTNET_GENERATE_ASPNET_CERTIFICATE=false
export DOTNET_ADD_GLOBAL_TOOLS_TO_PATH=0 DOTNET_CLI_USE_MSBUILD_SERVER=0 MSBUILDDISABLENODEREUSE=1
export NUGET_HTTP_CACHE_PATH=$HOME/.nuget/http-cache NUGET_PLUGINS_CACHE_PATH=$HOME/.nuget/plugins-cache
if [ -d "$LAB_NUGET_PACKAGES" ]; then export NUGET_PACKAGES=$LAB_NUGET_PACKAGES; fi
export TERM=dumb
export NETDROP_REPO=$LAB_REPO NETDROP_LAB_RESULTS=$share NETDROP_KERNEL_LAB=1
mkdir -p "$HOME/.dotnet"
# HOME is new on every boot, so the CLI would do its first-run work each time; its sentinels say
# it was done. One per installed SDK version, read from the folder names rather than by running
# dotnet, which costs seconds under TCG.
dotnet_bin=$(command -v dotnet || true)
if [ -n "$dotnet_bin" ]; then
  for sdk in "$(dirname "$(readlink -f "$dotnet_bin")")"/sdk/*/; do
    [ -d "$sdk" ] || continue
    version=$(basename "$sdk")
    touch "$HOME/.dotnet/$version.dotnetFirstUseSentinel" "$HOME/.dotnet/$version.toolpath.sentinel"
  done
fi

# The caller's working directory when the guest can see it, else the repository.
cd "$LAB_DIR" 2>/dev/null || cd "$LAB_REPO" || cd /

log "running ${LAB_CMD[*]} in $PWD on $(uname -r)"
"${LAB_CMD[@]}" >"$share/output.log" 2>&1 </dev/null
status=$?
log "exit code $status"
# Written last and renamed so the host never reads half a number.
echo "$status" >"$share/exit-code.tmp" && mv "$share/exit-code.tmp" "$share/exit-code"
exit
}
