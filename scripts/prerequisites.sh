#!/usr/bin/env bash
# Installs the Debian packages Rolestack's demo and tests use, when missing.
# Idempotent: a machine that has them all runs no apt-get at all.
set -euo pipefail

ROLESTACK_PACKAGES=(
  openjdk-17-jdk-headless maven        # build
  openssh-server openssh-client        # real sshd for the SSH tests; ssh for ProxyJump checks
  debootstrap iptables iproute2 procps # local hosts: rootfs, NAT for apt, namespaces
  mariadb-server mariadb-client        # real MariaDB for the replication tests
  mariadb-backup zstd                  # physical backups (docs/backups.md): mariadb-backup, mbstream, compression
  git                                  # real git repos
  subversion                           # app deploys: a real svn repo (svnadmin) for the plugin-from-svn tests
  ansible                              # role deploy: playbook syntax check, no-op benchmark baseline
  php8.2-cli php8.2-mysql php8.2-memcached memcached # the app role's health page run against real MariaDB + memcached
  monit                                # the monitrc rendered for each role passes `monit -t`
  ca-certificates
)

missing=()
for p in "${ROLESTACK_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "rolestack: missing Debian packages: ${missing[*]} (run as root, or apt-get install them)" >&2
    exit 2
  fi
  echo "rolestack: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Packages must not start their services on this machine: the tests start their own.
  # A policy-rc.d the machine already has is left alone; ours goes away however apt-get ends.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# rolestack prerequisites\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
