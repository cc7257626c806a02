/**
 * Linux PCI driver registration for VMkernel drivers: the analogue of {@code pci_register_driver} and a driver's {@code probe}/{@code remove}. Exported symbols of vmklinux: visible only when vmklinux is loaded with {@code -e}.
 */
@Export
@Version("1.0.0")
package org.dlkm.vmklinux.pci;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
