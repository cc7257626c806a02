/**
 * Devices: the simulated PCI bus, network devices and SCSI adapters that drivers register, and handles that hold them open.
 */
@Export
@Version("1.2.0")
package org.dlkm.kernel.device;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
