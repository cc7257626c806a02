/**
 * The kernel service: load, unload, list and query modules, and the errors it raises.
 */
@Export
@Version("1.5.0")
package org.dlkm.kernel;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
