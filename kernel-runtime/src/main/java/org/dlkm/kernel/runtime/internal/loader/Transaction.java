package org.dlkm.kernel.runtime.internal.loader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;

/**
 * The request the kernel is carrying out, seen from module code that calls back into the kernel. It knows which
 * modules' code is running now (innermost last), so that a nested call that cannot be honoured is refused with
 * {@code EDEADLK} instead of waiting for itself; and it collects, per request, the modules each request loaded, so
 * that a nested demand load joins the request around it and is undone with it.
 *
 * <p>Threading: guarded by the transition lock (used by its holder and by the module thread it lent the lock to).
 */
public final class Transaction {

    /** Module code running now: a module and what it does ({@code load} or {@code unload}). */
    public record Activity(LoadedModule module, String action) {
        @Override
        public String toString() {
            return "the " + action + " of " + module.name();
        }
    }

    private final Deque<Activity> running = new ArrayDeque<>();
    /** One list per open request, innermost first: the modules it loaded, in load order. */
    private final Deque<List<LoadedModule>> requests = new ArrayDeque<>();

    /** Opens a request: a load, a demand load or an unload, at the top level or nested in module code. */
    public void open() {
        requests.push(new ArrayList<>());
    }

    /** Records a module the innermost request loaded. */
    public void loaded(LoadedModule module) {
        if (!requests.isEmpty()) {
            requests.peek().add(module);
        }
    }

    /**
     * Closes the innermost request as done: what it loaded now belongs to the request around it, if any, and is
     * undone if that one fails.
     */
    public void commit() {
        List<LoadedModule> done = requests.pop();
        if (!requests.isEmpty()) {
            requests.peek().addAll(done);
        }
    }

    /**
     * Closes the innermost request as failed.
     *
     * @return the modules it (and the requests nested in it) loaded, in load order, for the caller to unload
     */
    public List<LoadedModule> abort() {
        return requests.pop();
    }

    /** @return whether a request is open: a call now is nested in module code */
    public boolean isNested() {
        return !running.isEmpty();
    }

    /** Marks module code as running. */
    void begin(LoadedModule module, String action) {
        running.addLast(new Activity(module, action));
    }

    /** Marks the innermost module code as ended. */
    void end() {
        running.pollLast();
    }

    /** @return the module code running now, innermost */
    public Optional<Activity> innermost() {
        return Optional.ofNullable(running.peekLast());
    }

    /**
     * Refuses a nested call that would wait for itself: loading or unloading a module whose own code is running
     * now, further out.
     *
     * @param name the module the nested call is about
     * @param call what the nested call does ({@code load}, {@code unload}), for the message
     * @throws KernelException {@code EDEADLK} naming both modules
     */
    public void refuseCycle(String name, String call) throws KernelException {
        Activity caller = running.peekLast();
        if (caller == null) {
            return;
        }
        for (Activity a : running) {
            if (a.module().name().equals(name)) {
                String chain = chain();
                throw new KernelException(Errno.EDEADLK, name + ": cannot " + call + " " + name + " from "
                        + caller + ": " + name + " is in its own " + a.action() + " (" + chain + ")");
            }
        }
        if (call.equals("unload")) {
            for (List<LoadedModule> request : requests) {
                for (LoadedModule m : request) {
                    if (m.name().equals(name)) {
                        throw new KernelException(Errno.EDEADLK, name + ": cannot unload " + name + " from " + caller
                                + ": it was loaded by the same request, which has not finished (" + chain() + ")");
                    }
                }
            }
        }
    }

    private String chain() {
        List<String> names = new ArrayList<>();
        for (Activity a : running) {
            names.add(a.module().name() + " " + a.action());
        }
        return String.join(" -> ", names);
    }
}
