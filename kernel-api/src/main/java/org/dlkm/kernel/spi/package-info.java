/**
 * The module SPI: what a kernel module implements ({@link org.dlkm.kernel.spi.KernelModule}) and what the kernel gives it ({@link org.dlkm.kernel.spi.ModuleContext}).
 */
@Export
@Version("1.0.0")
package org.dlkm.kernel.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
