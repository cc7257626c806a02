/**
 * The module catalog: the modules registered with the kernel (HP-UX {@code kminstall}), their master and system
 * files ({@code kmsystem}), in the kernel home.
 */
@Export
@Version("1.4.0")
package org.dlkm.kernel.catalog;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
