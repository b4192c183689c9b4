#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# PID 1 of the User-Mode Linux guest that tests/uml/run.sh boots. The root is the host's /
# (hostfs, read-only); this script lays a tmpfs overlay over it so that everything the tests
# write stays in the guest's memory, loads the kernel modules the tunnel tests need (ESP,
# XFRM, VTI, veth, TUN), runs the job's command and writes its exit status into the job's
# out/ folder (the only host folder the guest writes), then powers the guest off.
# The kernel passes XP_JOB (the job folder) and XP_KVER in the environment.
# shellcheck shell=sh
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
BB=/bin/busybox
MODS=/usr/lib/uml/modules/$XP_KVER

say() { echo "uml init: $*"; }
halt() {
	sync
	$BB poweroff -f
}

$BB mount -t proc proc /proc
$BB mount -t sysfs sysfs /sys
$BB mount -t devtmpfs devtmpfs /dev 2>/dev/null || true
$BB mount -t tmpfs -o mode=0755 tmpfs /tmp
$BB insmod "$MODS/kernel/fs/overlayfs/overlay.ko" || { say "overlay module: failed"; halt; }
mkdir -p /tmp/upper /tmp/work /tmp/root
if ! $BB mount -t overlay -o lowerdir=/,upperdir=/tmp/upper,workdir=/tmp/work overlay /tmp/root; then
	say "overlay root: mount failed"
	halt
fi
for d in proc sys dev; do
	$BB mount -o move "/$d" "/tmp/root/$d"
done
mkdir -p /tmp/root/.oldroot
cd /tmp/root || halt
$BB pivot_root . .oldroot || { say "pivot_root failed"; halt; }
cd /
# fresh writable scratch where the tests expect it; the overlay holds the rest
for d in /tmp /run /var/tmp /dev/shm; do
	mkdir -p "$d"
	mount -t tmpfs -o mode=1777 tmpfs "$d"
done
mkdir -p /dev/pts /dev/net
mount -t devpts devpts /dev/pts 2>/dev/null || true
[ -c /dev/net/tun ] || mknod /dev/net/tun c 10 200
# results go back to the host through a read-write hostfs mount of the job's out/ folder
mount -t hostfs -o "$XP_JOB/out" none "$XP_JOB/out" || { say "hostfs $XP_JOB/out: failed"; halt; }
umount -l /.oldroot 2>/dev/null || true

# modules: busybox's modprobe, also as the kernel's autoloader (crypto algorithms on demand)
mkdir -p /usr/lib/modules
ln -sfn "$MODS" "/usr/lib/modules/$XP_KVER"
ln -sf "$BB" /usr/sbin/modprobe
echo /usr/sbin/modprobe > /proc/sys/kernel/modprobe
for m in tun veth esp4 xfrm_user xfrm4_tunnel ip_vti af_packet authenc echainiv seqiv gcm \
		ghash-generic ctr cbc hmac sha512_generic des_generic sch_tbf sch_htb sch_ingress \
		cls_bpf act_bpf ifb; do
	$BB modprobe "$m" 2>/dev/null || true
done
ip link set lo up
hostname crosspeer-uml

{ sh "$XP_JOB/cmd.sh"; echo $? > "$XP_JOB/out/rc"; } 2>&1 | tee "$XP_JOB/out/output.log"
halt
