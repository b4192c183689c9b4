#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# vagrant validate on vagrant/Vagrantfile, offline: Vagrant's home and machine state live in
# STATE_DIR (never in the source tree or ~/.vagrant.d), no version check, and afterwards no
# box may have been added (validate must not download debian/bookworm64).
# Usage: vagrant_validate.sh SOURCE_DIR STATE_DIR
set -eu

src=${1:?usage: vagrant_validate.sh SOURCE_DIR STATE_DIR}
state=${2:?usage: vagrant_validate.sh SOURCE_DIR STATE_DIR}
if ! command -v vagrant > /dev/null; then
	echo "SKIP: vagrant is not installed (scripts/install-deps.sh installs it)"
	exit 77
fi
rm -rf "$state"
mkdir -p "$state"
export VAGRANT_HOME="$state/home" VAGRANT_DOTFILE_PATH="$state/dotfile"
export VAGRANT_CHECKPOINT_DISABLE=1 VAGRANT_BOX_UPDATE_CHECK_DISABLE=1
export VAGRANT_CWD="$src/vagrant"

# validate LOG [OPTION]: run vagrant validate, show its output, 0 if it confirmed the file
validate() {
	rc=0
	vagrant validate ${2:+"$2"} > "$state/$1" 2>&1 || rc=$?
	cat "$state/$1"
	[ $rc -eq 0 ] && grep -q "Vagrantfile validated successfully" "$state/$1"
}

# Everything but the provider blocks, whatever is installed here.
validate general.log --ignore-provider ||
	{ echo "FAIL: vagrant validate --ignore-provider"; exit 1; }
# The provider blocks too, when Vagrant has a usable provider (vagrant-libvirt, VirtualBox).
if ! validate full.log; then
	grep -q "No usable default provider" "$state/full.log" ||
		{ echo "FAIL: vagrant validate"; exit 1; }
	echo "note: no Vagrant provider installed, provider blocks not validated"
fi
if [ -n "$(ls -A "$VAGRANT_HOME/boxes" 2>/dev/null)" ]; then
	echo "FAIL: vagrant validate added a box to $VAGRANT_HOME/boxes"
	exit 1
fi
echo "PASS: Vagrantfile valid, no box downloaded"
