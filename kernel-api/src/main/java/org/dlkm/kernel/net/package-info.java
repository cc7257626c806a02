/**
 * Network filters: transmit filter classes such as the {@code nfshaper} shaper.
 */
@Export
@Version("1.2.0")
package org.dlkm.kernel.net;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
