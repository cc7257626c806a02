/**
 * Linux network devices for VMkernel drivers: the analogue of {@code struct net_device} and {@code register_netdev}.
 */
@Export
@Version("1.0.0")
package org.dlkm.vmklinux.net;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
