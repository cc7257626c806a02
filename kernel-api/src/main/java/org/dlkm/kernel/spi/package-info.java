/**
 * The module SPI: what a kernel module implements ({@link org.dlkm.kernel.spi.KernelModule}, and for PCI hot-plug
 * {@link org.dlkm.kernel.spi.PciHotplugListener}) and what the kernel gives it
 * ({@link org.dlkm.kernel.spi.ModuleContext}); the contract that makes a jar a module
 * ({@link org.dlkm.kernel.spi.ModuleConstants}), and the annotation that writes it into the jar's manifest
 * ({@link org.dlkm.kernel.spi.ModuleWrapper}).
 */
@Export
@Version("1.3.0")
package org.dlkm.kernel.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
