/**
 * The layout of a kernel home, shared by the launcher that prepares it and the runtime that keeps its state there.
 */
@Export
@Version("1.2.0")
package org.dlkm.kernel.home;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
