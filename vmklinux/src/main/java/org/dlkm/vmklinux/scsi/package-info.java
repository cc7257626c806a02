/**
 * Linux SCSI hosts for VMkernel drivers: the analogue of {@code struct Scsi_Host} and {@code scsi_add_host}.
 */
@Export
@Version("1.0.0")
package org.dlkm.vmklinux.scsi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
