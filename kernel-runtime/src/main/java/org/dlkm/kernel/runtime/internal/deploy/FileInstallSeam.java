package org.dlkm.kernel.runtime.internal.deploy;

import java.util.Hashtable;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * Registers the kernel's {@link ModuleArtifactInstaller} with FileInstall. A class of its own, so that the runtime
 * touches FileInstall's package only here, and only when it is wired ({@link #register} throws
 * {@link NoClassDefFoundError} otherwise, which the activator takes as "no hot deployment").
 */
public final class FileInstallSeam {
    private FileInstallSeam() {
    }

    /** @return the registration of the kernel's installer, ranked above any other for the module directory */
    public static ServiceRegistration<?> register(BundleContext context, HotDeployment deployment) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        properties.put(Constants.SERVICE_DESCRIPTION, "dlkm hot deployment of module jars");
        return context.registerService(ArtifactInstaller.class.getName(), new ModuleArtifactInstaller(deployment),
                properties);
    }
}
