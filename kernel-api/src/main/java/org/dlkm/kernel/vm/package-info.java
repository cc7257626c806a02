/**
 * Virtual machines: configuration files in ESX Server 2's {@code .vmx} form, registered, started and stopped as
 * {@code vmware-cmd} does. A running virtual machine holds the devices its configuration names open.
 */
@Export
@Version("1.1.0")
package org.dlkm.kernel.vm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
