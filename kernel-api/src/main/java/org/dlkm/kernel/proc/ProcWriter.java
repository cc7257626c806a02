package org.dlkm.kernel.proc;

import org.dlkm.kernel.KernelException;
import org.osgi.annotation.versioning.ConsumerType;

/** Takes what is written to a proc entry. Called on the writer's thread. */
@ConsumerType
@FunctionalInterface
public interface ProcWriter {
    /**
     * @param text what was written
     * @throws KernelException {@code EINVAL} naming what is wrong with the text
     */
    void write(String text) throws KernelException;
}
