package org.dlkm.kernel.runtime.internal.loader;

import java.util.ArrayList;
import java.util.List;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;

/**
 * Runs each request to the kernel (a load, a demand load, an unload, one module of the boot) as one transaction
 * under the transition lock. Modules the request loads, directly or through module code calling the kernel, are
 * recorded; if the request fails, they are unloaded again, newest first, and the error says so. A request made
 * from module code joins the request around it: what it loads is undone if that one fails.
 *
 * <p>Threading: {@link #run} may be called from any thread, and from module code on the module thread.
 */
public final class Requests {

    /** The body of a request. */
    @FunctionalInterface
    public interface Body<T> {
        T run() throws KernelException;
    }

    private final TransitionLock lock;
    private final Transaction transaction;
    private ModuleUnloader unloader;

    public Requests(TransitionLock lock, Transaction transaction) {
        this.lock = lock;
        this.transaction = transaction;
    }

    /** Completes the wiring: the unloader exists only once the loader does. */
    public void setUnloader(ModuleUnloader unloader) {
        this.unloader = unloader;
    }

    public Transaction transaction() {
        return transaction;
    }

    /**
     * Runs a request as a transaction.
     *
     * @throws KernelException what the body threw, with the modules unloaded again named at its end; anything
     *         else the body throws is undone the same way and passed on
     */
    public <T> T run(Body<T> body) throws KernelException {
        return run(null, body);
    }

    /**
     * Runs a request as a transaction, saying how it came to be.
     *
     * @param origin what the modules it loads were loaded by ({@link Transaction#open(String)}); null to inherit
     */
    public <T> T run(String origin, Body<T> body) throws KernelException {
        try (TransitionLock.Held held = lock.enter()) {
            int mark = transaction.open(origin);
            T result;
            try {
                result = body.run();
            } catch (KernelException e) {
                List<String> undone = undo(transaction.abort(mark));
                if (undone.isEmpty()) {
                    throw e;
                }
                throw new KernelException(e.number(), e.getMessage() + "; unloaded again: " + String.join(", ", undone),
                        e);
            } catch (RuntimeException | Error e) {
                undo(transaction.abort(mark));
                throw e;
            }
            transaction.commit(mark);
            return result;
        }
    }

    private List<String> undo(List<LoadedModule> loaded) {
        List<String> names = new ArrayList<>();
        for (int i = loaded.size() - 1; i >= 0; i--) {
            LoadedModule m = loaded.get(i);
            if (m.state == ModuleState.LOADED || m.state == ModuleState.UNLOADING) {
                unloader.forceUnload(m, "while the request that loaded it was rolled back");
                names.add(m.name());
            }
        }
        return names;
    }
}
