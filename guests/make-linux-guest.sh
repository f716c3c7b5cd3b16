#!/usr/bin/env bash
# Builds tsemu's Linux test guest from Debian packages: a kernel (bzImage) and a busybox initramfs.
#
#   guests/make-linux-guest.sh OUTDIR [i386|amd64] [test|interactive]
#
# test (default): /init prints GUEST-READY on the serial console, runs a fixed CPU workload, prints
#   "WORKLOAD-DONE <md5> <sha256>" and GUEST-HALT, then reboots (run with -no-reboot to exit).
# interactive: /init prints GUEST-READY and starts a busybox shell on the console (the npm start demo).
#
# Needs Debian's apt-get, dpkg-deb, cpio and gzip, and root (for dpkg --add-architecture i386).
# Output: OUTDIR/bzImage, OUTDIR/initramfs.cpio.gz
set -euo pipefail
out=${1:?usage: make-linux-guest.sh OUTDIR [i386|amd64] [test|interactive]}
arch=${2:-i386}
variant=${3:-test}
case "$arch" in i386|amd64) ;; *) echo "unknown architecture $arch" >&2; exit 2;; esac
case "$variant" in test|interactive) ;; *) echo "unknown variant $variant" >&2; exit 2;; esac
mkdir -p "$out"
out=$(cd "$out" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"

if [ "$arch" = i386 ]; then
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    dpkg --add-architecture i386
    apt-get update -qq || true
  fi
  meta=linux-image-686:i386 busybox=busybox-static:i386
else
  meta=linux-image-amd64 busybox=busybox-static
fi
# The metapackage names the versioned kernel package; download that and busybox without installing.
kernel=$(apt-cache depends "$meta" | awk '/Depends: linux-image-/ { print $2; exit }')
[ -n "$kernel" ] || { echo "no kernel package behind $meta (apt-get update?)" >&2; exit 1; }
apt-get download "$kernel" "$busybox" >/dev/null
for deb in ./*.deb; do dpkg-deb -x "$deb" unpacked; done
cp unpacked/boot/vmlinuz-* "$out/bzImage"

mkdir -p rootfs/bin rootfs/proc rootfs/sys rootfs/dev
cp unpacked/bin/busybox rootfs/bin/busybox
{
  echo '#!/bin/busybox sh'
  echo '/bin/busybox --install -s /bin'
  echo 'mount -t proc proc /proc'
  echo 'mount -t sysfs sys /sys'
  echo 'mount -t devtmpfs dev /dev 2>/dev/null'
  echo 'echo GUEST-READY'
  if [ "$variant" = test ]; then
    # The workload and its checksums must stay exactly these: they are compared with QEMU's run.
    echo "sum=\$(dd if=/dev/zero bs=64k count=64 2>/dev/null | tr '\\0' 'a' | md5sum | cut -d' ' -f1)"
    echo "sum2=\$(seq 1 20000 | sha256sum | cut -d' ' -f1)"
    echo 'echo "WORKLOAD-DONE $sum $sum2"'
    echo 'echo GUEST-HALT'
    echo 'reboot -f'
  else
    echo 'echo "tsemu demo guest: busybox shell. Ctrl-A x quits the emulator."'
    echo 'setsid cttyhack sh -l'
    echo 'reboot -f'
  fi
} > rootfs/init
chmod +x rootfs/init
(cd rootfs && find . | cpio -o -H newc --quiet | gzip -9) > "$out/initramfs.cpio.gz"
ls -l "$out"
