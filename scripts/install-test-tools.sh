#!/usr/bin/env bash
# Installs what the differential and guest tests need beyond npm, from Debian packages:
# qemu-system-x86 (QEMU 7.2), qemu-guest-agent, nasm, cpio. Best effort: without root or apt the
# tests that need a tool say so and skip.
set -u
need=()
command -v qemu-system-i386 >/dev/null 2>&1 || need+=(qemu-system-x86)
[ -x /usr/sbin/qemu-ga ] || command -v qemu-ga >/dev/null 2>&1 || need+=(qemu-guest-agent)
command -v nasm >/dev/null 2>&1 || need+=(nasm)
command -v cpio >/dev/null 2>&1 || need+=(cpio)
[ ${#need[@]} -eq 0 ] && { echo "test tools present"; exit 0; }
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "cannot install ${need[*]} (not root or no apt-get); tests that need them will skip"
  exit 0
fi
echo "installing ${need[*]} from Debian"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
  || echo "apt-get install ${need[*]} failed; tests that need them will skip"
exit 0
