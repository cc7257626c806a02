package org.dlkm.kernel.runtime.internal.deploy;

import java.io.File;

import org.apache.felix.fileinstall.ArtifactInstaller;

/**
 * The kernel's Apache Felix FileInstall installer: it claims every jar of the module directory, so that FileInstall
 * never installs a module as a plain bundle, and hands each event to {@link HotDeployment}. The runtime registers it
 * only when FileInstall's package is wired; without FileInstall there is no hot deployment.
 *
 * <p>Threading: FileInstall calls it on its own thread.
 */
final class ModuleArtifactInstaller implements ArtifactInstaller {
    private final HotDeployment deployment;

    ModuleArtifactInstaller(HotDeployment deployment) {
        this.deployment = deployment;
    }

    @Override
    public boolean canHandle(File artifact) {
        return deployment.handles(artifact.toPath());
    }

    @Override
    public void install(File artifact) {
        deployment.arrived(artifact.toPath());
    }

    @Override
    public void update(File artifact) {
        deployment.arrived(artifact.toPath());
    }

    @Override
    public void uninstall(File artifact) {
        deployment.left(artifact.toPath());
    }
}
