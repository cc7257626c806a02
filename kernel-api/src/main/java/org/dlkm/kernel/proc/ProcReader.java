package org.dlkm.kernel.proc;

import org.osgi.annotation.versioning.ConsumerType;

/** Produces the text of a proc entry each time it is read. Called on the reader's thread. */
@ConsumerType
@FunctionalInterface
public interface ProcReader {
    /** @return the whole text, each line ending with a newline */
    String read();
}
