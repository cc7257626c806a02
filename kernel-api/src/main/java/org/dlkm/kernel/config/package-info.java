/**
 * Kernel configurations (HP-UX {@code system_prep}, {@code mk_kernel}, {@code config}, {@code kmupdate}): system
 * files naming the statically configured modules and the tunables, kernel files built from them and installed for
 * the next boot.
 */
@Export
@Version("1.1.0")
package org.dlkm.kernel.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
