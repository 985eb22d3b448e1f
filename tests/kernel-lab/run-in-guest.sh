#!/usr/bin/env bash
# Runs one command inside Debian's 6.1 kernel under qemu and hands back its output and exit code.
#
#   run-in-guest.sh [--timeout SECONDS] [--results DIR] -- COMMAND [ARGS...]
#
# The kernel these machines run has no NET_DM (CONFIG_NET_DROP_MONITOR), Debian's 6.1 kernel has
# it as a module. The guest sees the host's whole root filesystem read-only over 9p, so whatever
# is built on the host (dotnet, the repository, test assemblies) runs in the guest unchanged; a
# second, writable 9p share carries the command, its output and its exit code. See
# /work/shared/KERNEL-LAB.md for the facts this relies on (TCG only, 9p module order, nokaslr).
#
# Prints the command's output (stdout and stderr, merged, in order) on stdout and exits with the
# command's exit code. Exits 125 when the guest did not report one (boot failure, timeout), with
# the tail of the serial console on stderr.
#
# Environment: NETDROP_LAB_MEMORY (MiB, default 2048), NETDROP_LAB_CPUS (default 2),
# NETDROP_LAB_CACHE (where the initramfs is kept).
#
# The body is one { ... } block so bash reads all of it before running any: editing this file
# while a run waits for its guest must not change what that run does next.
{
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
guest_init="$here/guest-init.sh"

usage() {
  echo "usage: $0 [--timeout SECONDS] [--results DIR] -- COMMAND [ARGS...]" >&2
  exit 2
}

die() {
  echo "run-in-guest: $*" >&2
  exit 125
}

timeout_s=600
results=""
while [ $# -gt 0 ]; do
  case "$1" in
    --timeout) [ $# -ge 2 ] || usage; timeout_s=$2; shift 2 ;;
    --timeout=*) timeout_s=${1#*=}; shift ;;
    --results) [ $# -ge 2 ] || usage; results=$2; shift 2 ;;
    --results=*) results=${1#*=}; shift ;;
    --) shift; break ;;
    -h|--help) usage ;;
    *) usage ;;
  esac
done
[ $# -ge 1 ] || usage
[[ "$timeout_s" =~ ^[1-9][0-9]*$ ]] || die "--timeout wants a whole number of seconds, got '$timeout_s'"
[ "$(id -u)" -eq 0 ] || die "must run as root (apt-get, and qemu shares / with security_model=none)"

# --- packages ---------------------------------------------------------------------------------
# The guest uses the host's root, so tools the guest runs (nft, ip, dropwatch, modprobe and the
# 6.1 modules themselves) are installed on the host.
find_kernel() {
  # 6.1.* rather than 6.1*: a backports 6.12 kernel must not be taken for it.
  local images
  images=$(compgen -G '/boot/vmlinuz-6.1.*-amd64' || true)
  [ -n "$images" ] || return 1
  printf '%s\n' "$images" | sort -V | tail -n 1
}

missing=()
command -v qemu-system-x86_64 >/dev/null 2>&1 && [ -f /usr/share/qemu/qboot.rom ] || missing+=(qemu-system-x86)
find_kernel >/dev/null || missing+=(linux-image-amd64)
# busybox-static, not busybox: the initramfs has no libc.
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' || missing+=(busybox-static)
command -v dropwatch >/dev/null 2>&1 || missing+=(dropwatch)
command -v nft >/dev/null 2>&1 || missing+=(nftables)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
# modprobe in the guest autoloads drop_monitor, veth and nf_tables; kmod comes with the kernel
# package, but check for it in case that was installed without it.
command -v modprobe >/dev/null 2>&1 || [ -x /usr/sbin/modprobe ] || [ -x /sbin/modprobe ] || missing+=(kmod)
if [ ${#missing[@]} -gt 0 ]; then
  echo "run-in-guest: installing ${missing[*]} (once; takes a minute or two)" >&2
  export DEBIAN_FRONTEND=noninteractive
  aptlog=$(mktemp)
  # --no-install-recommends keeps qemu from pulling in GUI and firmware packages we never use.
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$aptlog" 2>&1; then
    tail -n 30 "$aptlog" >&2
    rm -f "$aptlog"
    die "could not install ${missing[*]}"
  fi
  rm -f "$aptlog"
fi

vmlinuz=$(find_kernel) || die "no /boot/vmlinuz-6.1.*-amd64 after installing linux-image-amd64"
kver=${vmlinuz#/boot/vmlinuz-}
moddir="/lib/modules/$kver"
[ -f "$moddir/modules.dep" ] || die "$moddir/modules.dep is missing (is linux-image-$kver fully installed?)"
busybox=/bin/busybox
[ -x "$busybox" ] || die "$busybox is missing"

# --- initramfs ----------------------------------------------------------------------------------
# Debian's initrd cannot mount a 9p root, so a tiny busybox one does it: load the virtio and 9p
# modules, mount the host root read-only, switch_root into guest-init.sh (given by init=).
cache=${NETDROP_LAB_CACHE:-}
if [ -z "$cache" ]; then
  if mkdir -p /var/cache/netdrop-kernel-lab 2>/dev/null && [ -w /var/cache/netdrop-kernel-lab ]; then
    cache=/var/cache/netdrop-kernel-lab
  else
    cache="${TMPDIR:-/tmp}/netdrop-kernel-lab-$(id -u)"
  fi
fi
mkdir -p "$cache"
# The key holds the kernel version and a hash of this script (which writes the initramfs' init),
# so a new kernel or a change here rebuilds it.
key="$kver-$(cat "${BASH_SOURCE[0]}" "$busybox" | sha256sum | cut -c1-12)"
initramfs="$cache/initramfs-$key.cpio.gz"

# Module name -> path relative to $moddir and its dependencies, from modules.dep
# ("kernel/fs/9p/9p.ko.xz: kernel/net/9p/9pnet.ko.xz ...").
declare -A modpath=() moddeps=() loaded=()
load_order=()
read_modules_dep() {
  local line path name
  while IFS= read -r line; do
    path=${line%%:*}
    name=${path##*/}
    name=${name%%.ko*}
    name=${name//-/_}
    modpath[$name]=$path
    moddeps[$name]=${line#*:}
  done <"$moddir/modules.dep"
}

# Depth first, dependencies before the module, each once: the order insmod needs.
add_module() {
  local name=${1//-/_} dep depname
  [ -z "${loaded[$name]:-}" ] || return 0
  loaded[$name]=1
  if [ -z "${modpath[$name]:-}" ]; then
    # Built into this kernel: nothing to load.
    grep -q "/$1\.ko\$" "$moddir/modules.builtin" 2>/dev/null && return 0
    grep -q "/${name}\.ko\$" "$moddir/modules.builtin" 2>/dev/null && return 0
    die "module $1 is neither in $moddir/modules.dep nor built in"
  fi
  for dep in ${moddeps[$name]}; do
    depname=${dep##*/}
    add_module "${depname%%.ko*}"
  done
  load_order+=("$name")
}

unpack() {
  command -v "$1" >/dev/null 2>&1 || die "cannot unpack $src: $1 is not installed"
  "$@"
}

build_initramfs() {
  local stage name src
  stage=$(mktemp -d "$cache/stage.XXXXXX")
  read_modules_dep
  # virtio_pci is the transport, 9pnet_virtio the 9p channel, 9p the filesystem; their
  # dependencies come from modules.dep (virtio, virtio_ring, netfs, fscache, 9pnet on 6.1).
  for name in virtio_pci 9pnet_virtio 9p; do add_module "$name"; done
  mkdir -p "$stage/bin" "$stage/modules" "$stage/proc" "$stage/sys" "$stage/dev" "$stage/newroot"
  cp "$busybox" "$stage/bin/busybox"
  for name in "${load_order[@]}"; do
    src="$moddir/${modpath[$name]}"
    # busybox insmod cannot read compressed modules (Debian's 6.1.0-56 ships them plain, other
    # builds compress them).
    case "$src" in
      *.ko.xz) unpack xz -dc "$src" >"$stage/modules/$name.ko" ;;
      *.ko.zst) unpack zstd -qdc "$src" >"$stage/modules/$name.ko" ;;
      *.ko.gz) unpack gzip -dc "$src" >"$stage/modules/$name.ko" ;;
      *) cp "$src" "$stage/modules/$name.ko" ;;
    esac
    echo "$name" >>"$stage/modules/order"
  done
  cat >"$stage/init" <<'EOF'
#!/bin/busybox sh
# Initramfs: load the 9p chain, mount the host root read-only, hand over to the init= script.
/bin/busybox --install -s /bin
export PATH=/bin
fail() {
  echo "initramfs: $*"
  # Power off rather than panic-loop so the host sees the failure at once.
  echo o >/proc/sysrq-trigger
  sleep 10
}
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in $(cat /modules/order); do
  insmod "/modules/$m.ko" || fail "insmod $m failed"
done
# The kernel keeps init= for itself (it runs /init from an initramfs), so read it back here.
target=
for arg in $(cat /proc/cmdline); do
  case "$arg" in init=*) target=${arg#init=} ;; esac
done
[ -n "$target" ] || fail "no init= on the kernel command line"
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose root /newroot \
  || fail "cannot mount the 9p root"
[ -x "/newroot$target" ] || fail "init $target is not executable in the shared root"
umount /proc /sys /dev
exec switch_root /newroot "$target"
EOF
  chmod 755 "$stage/init"
  # busybox's cpio writes the newc format the kernel reads; no host cpio needed.
  (cd "$stage" && find . -mindepth 1 | "$busybox" cpio -o -H newc 2>/dev/null) | gzip -1 >"$stage.cpio.gz"
  rm -rf "$stage"
  # Rename last so a concurrent run never sees half an image.
  mv "$stage.cpio.gz" "$initramfs"
  find "$cache" -maxdepth 1 -name 'initramfs-*.cpio.gz' ! -name "initramfs-$key.cpio.gz" -delete
}

if [ ! -s "$initramfs" ]; then
  echo "run-in-guest: building the initramfs for $kver" >&2
  build_initramfs
fi

# --- the job ------------------------------------------------------------------------------------
case "$guest_init$repo" in
  # The kernel command line splits on whitespace; init= cannot carry such a path.
  *[[:space:]]*|*\"*) die "the repository path must not contain whitespace or quotes: $repo" ;;
esac
[ -x "$guest_init" ] || die "$guest_init is not executable"

if [ -n "$results" ]; then
  mkdir -p "$results"
  results=$(cd "$results" && pwd)
  keep_results=1
  rm -f "$results/exit-code" "$results/exit-code.tmp" "$results/output.log" "$results/serial.log" \
    "$results/qemu.log" "$results/job.sh"
else
  results=$(mktemp -d "${TMPDIR:-/tmp}/netdrop-lab.XXXXXX")
  keep_results=0
fi

qemu_pid=""
# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
    kill "$qemu_pid" 2>/dev/null || true
    wait "$qemu_pid" 2>/dev/null || true
  fi
  if [ "$keep_results" -eq 0 ]; then rm -rf "$results"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

case "$results" in
  # qemu's -virtfs and -serial options are comma separated.
  *,*) die "the results folder must not contain a comma: $results" ;;
esac

# The command travels as a bash file the guest sources: printf %q quotes every argument, so
# nothing in it is ever parsed by the kernel command line or a second shell.
{
  echo "# written by run-in-guest.sh on the host"
  printf 'LAB_DIR=%q\n' "$PWD"
  printf 'LAB_REPO=%q\n' "$repo"
  printf 'LAB_NUGET_PACKAGES=%q\n' "${NUGET_PACKAGES:-${HOME:-/root}/.nuget/packages}"
  printf 'LAB_CMD=('
  printf ' %q' "$@"
  printf ' )\n'
} >"$results/job.sh"

serial="$results/serial.log"
mem=${NETDROP_LAB_MEMORY:-2048}
cpus=${NETDROP_LAB_CPUS:-2}
start=$(date +%s)
# KVM cannot run a stock kernel here: TCG, multi-threaded. -nic none: the guest has no network
# but loopback and what the tests create. panic=-1 with -no-reboot turns a guest panic into a
# qemu exit instead of a wait for the timeout; nokaslr keeps kernel addresses stable;
# mitigations=off makes the boot a little faster under TCG and matters nothing to the tests.
timeout --kill-after=10 "$timeout_s" qemu-system-x86_64 \
  -accel tcg,thread=multi -cpu max -m "$mem" -smp "$cpus" \
  -bios /usr/share/qemu/qboot.rom -nodefaults -display none -vga none \
  -serial "file:$serial" -monitor none -no-reboot -nic none \
  -kernel "$vmlinuz" -initrd "$initramfs" \
  -append "console=ttyS0 nokaslr panic=-1 loglevel=4 mitigations=off edd=off init=$guest_init" \
  -virtfs local,path=/,mount_tag=root,security_model=none,readonly=on,multidevs=remap \
  -virtfs "local,path=$results,mount_tag=results,security_model=none,multidevs=remap" \
  </dev/null >"$results/qemu.log" 2>&1 &
qemu_pid=$!
qemu_status=0
wait "$qemu_pid" || qemu_status=$?
qemu_pid=""
elapsed=$(( $(date +%s) - start ))

if [ -f "$results/output.log" ]; then cat "$results/output.log"; fi

if [ ! -s "$results/exit-code" ]; then
  if [ "$qemu_status" -eq 124 ] || [ "$qemu_status" -eq 137 ]; then
    echo "run-in-guest: TIMEOUT: the guest was killed after ${timeout_s}s without reporting an exit code" >&2
  else
    echo "run-in-guest: the guest stopped after ${elapsed}s without reporting an exit code (qemu exit $qemu_status)" >&2
  fi
  if [ -s "$results/qemu.log" ]; then
    echo "--- qemu:" >&2
    tail -n 20 "$results/qemu.log" >&2
  fi
  results_note=" (kept in $serial)"
  if [ "$keep_results" -eq 0 ]; then results_note=" (pass --results DIR to keep it)"; fi
  echo "--- last lines of the serial console${results_note}:" >&2
  if [ -s "$serial" ]; then
    tail -n 40 "$serial" >&2
  else
    echo "(empty: the kernel never started; qemu or the firmware gave up, e.g. too little memory)" >&2
  fi
  exit 125
fi

code=$(tr -dc '0-9' <"$results/exit-code")
echo "run-in-guest: guest command exited $code after ${elapsed}s (boot to power-off)" >&2
exit "${code:-125}"
}
