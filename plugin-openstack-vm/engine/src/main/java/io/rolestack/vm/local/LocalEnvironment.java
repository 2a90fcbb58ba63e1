package io.rolestack.vm.local;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;

import java.nio.file.Path;

/**
 * A local platform as it is: its hosts and how to reach them over SSH.
 *
 * @param environment the environment name (second label of the host names)
 * @param inventory   hosts whose namespace exists; the jump host's public IP is its outside address
 * @param jump        the jump host
 * @param jumpAddress the jump host's address on the outside link (reachable from this machine)
 * @param jumpPort    its sshd port (22)
 * @param knownHosts  OpenSSH known_hosts with every host's key, under each name and address a client uses
 * @param privateKey  the deploy user's (root's) ed25519 private key, authorised on every host
 * @param sshConfig   an OpenSSH client config: {@code ssh -F sshConfig app1} goes through the jump host
 * @param stateDir    the environment's state directory
 * @param internal    the bridge's subnet
 * @param outside     the subnet of the machine's links to the jump host and the egress gateway
 */
public record LocalEnvironment(String environment, Inventory inventory, Host jump, String jumpAddress, int jumpPort,
                               Path knownHosts, Path privateKey, Path sshConfig, Path stateDir,
                               Ipv4Subnet internal, Ipv4Subnet outside) {
}
