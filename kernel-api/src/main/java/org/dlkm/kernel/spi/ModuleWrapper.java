package org.dlkm.kernel.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Header;
import org.osgi.annotation.bundle.Requirement;

/**
 * Marks a class as its jar's module wrapper. Built with bnd (the bnd Maven or Gradle plugins, or any tool that
 * processes OSGi bundle annotations), the jar then carries:
 *
 * <ul>
 * <li>{@code DLKM-Module-Class} naming the annotated class;</li>
 * <li>{@code DLKM-Master: META-INF/dlkm/master}, where the kernel reads the master file;</li>
 * <li>a requirement on the kernel's extender capability,
 * {@code osgi.extender;filter:="(&(osgi.extender=dlkm.module)(version>=1.0.0)(!(version>=2.0.0)))"}, so that
 * the module resolves only in a framework whose kernel runtime speaks this contract.</li>
 * </ul>
 *
 * <p>The annotated class must implement {@link KernelModule} and have a public no-argument constructor; exactly
 * one class of a module carries this annotation. The annotation does not put the master file into the jar (pack
 * it at {@link ModuleConstants#MASTER_ENTRY}, with bnd's {@code -includeresource} or as a resource) and does not
 * declare parameters: a module that has any writes {@link ModuleConstants#PARAMETERS_HEADER} in its bnd file,
 * where its clauses keep the order they are listed in, which is the order {@code vmkload_mod -s} prints.
 *
 * <p>Retained in the class file for the build only: nothing reads it at run time, so it has no threading
 * contract.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Header(name = ModuleConstants.MODULE_CLASS_HEADER, value = "${@class}")
@Header(name = ModuleConstants.MASTER_HEADER, value = ModuleConstants.MASTER_ENTRY)
@Requirement(namespace = "osgi.extender", name = ModuleConstants.EXTENDER_NAME,
        version = ModuleConstants.EXTENDER_VERSION)
public @interface ModuleWrapper {
}
