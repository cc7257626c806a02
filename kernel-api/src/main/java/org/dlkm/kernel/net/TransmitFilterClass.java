package org.dlkm.kernel.net;

import java.util.List;

import org.dlkm.kernel.KernelException;
import org.osgi.annotation.versioning.ConsumerType;

/** A class of transmit filter that a module registers ({@code nfshaper}); instances are made from arguments. */
@ConsumerType
public interface TransmitFilterClass {

    /** @return the class name */
    String name();

    /** @return one line describing the arguments {@link #create} takes */
    String usage();

    /**
     * @param arguments the arguments, as an administrator writes them after the class name
     * @throws KernelException {@code EINVAL} naming the bad argument and the expected form
     */
    TransmitFilter create(List<String> arguments) throws KernelException;
}
