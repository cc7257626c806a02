/**
 * Tunable system parameters (HP-UX {@code kmtune}): the kernel's own, declared by its master file
 * {@code usr/conf/master.d/core-hpux}, and the modules', declared by their master files' {@code $TUNABLE}. Each has
 * a planned value in a system file and a current value in the running kernel.
 */
@Export
@Version("1.1.0")
package org.dlkm.kernel.tune;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
