/**
 * The kernel's virtual proc tree ({@code /proc/vmware/...}, {@code /proc/pci}).
 */
@Export
@Version("1.1.0")
package org.dlkm.kernel.proc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
