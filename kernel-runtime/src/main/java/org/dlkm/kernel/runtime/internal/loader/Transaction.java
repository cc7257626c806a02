package org.dlkm.kernel.runtime.internal.loader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.TransitionLock;

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

    private final TransitionLock lock;
    private final Deque<Activity> running = new ArrayDeque<>();
    /** One list per open request, innermost last: the modules it loaded, in load order. */
    private final Deque<List<LoadedModule>> requests = new ArrayDeque<>();
    /** One entry per open request, innermost last: how it came to be, as {@code kmadmin -Q} says "Loaded By". */
    private final Deque<String> origins = new ArrayDeque<>();

    public Transaction(TransitionLock lock) {
        this.lock = lock;
    }

    /**
     * Whether the current thread may change the transaction: it holds the transition lock or has it on loan.
     * Module code the watchdog gave up on goes on running on its abandoned thread; what it does afterwards must
     * not touch the request the kernel has moved on to, so it is ignored here (and refused by the table).
     */
    private boolean mine() {
        return lock.isHeldByCurrentThread();
    }

    /**
     * Opens a request: a load, a demand load or an unload, at the top level or nested in module code.
     *
     * @return the mark to close it with
     */
    public int open() {
        return open(null);
    }

    /**
     * Opens a request and says how it came to be: what modules it loads were "loaded by".
     *
     * @param origin the request's origin ({@code demand load}, {@code boot: etc/loadmods}, an autoload and its
     *        trigger), or null to take the request's around it; module code calling the kernel is named first
     * @return the mark to close it with
     */
    public int open(String origin) {
        if (!mine()) {
            return -1;
        }
        String o;
        if (!running.isEmpty()) {
            Activity caller = running.peekLast();
            o = "module " + caller.module().name() + ", from its " + caller.action()
                    + (origin == null ? "" : " (" + origin + ")");
        } else if (origin != null) {
            o = origin;
        } else {
            o = origins.isEmpty() ? "load request" : origins.peekLast();
        }
        requests.addLast(new ArrayList<>());
        origins.addLast(o);
        return requests.size();
    }

    /** @return how the innermost request came to be; {@code load request} outside any */
    public String origin() {
        String o = mine() ? origins.peekLast() : null;
        return o == null ? "load request" : o;
    }

    /** Records a module the innermost request loaded. */
    public void loaded(LoadedModule module) {
        if (mine() && !requests.isEmpty()) {
            requests.peekLast().add(module);
        }
    }

    /**
     * Closes a request as done: what it loaded (and whatever requests nested in it left open, if their module code
     * was abandoned) now belongs to the request around it, if any, and is undone if that one fails.
     *
     * @param mark what {@link #open} returned
     */
    public void commit(int mark) {
        if (!mine() || mark < 1) {
            return;
        }
        List<LoadedModule> done = popTo(mark);
        if (!requests.isEmpty()) {
            requests.peekLast().addAll(done);
        }
    }

    /**
     * Closes a request as failed.
     *
     * @param mark what {@link #open} returned
     * @return the modules it and the requests nested in it loaded, in load order, for the caller to unload
     */
    public List<LoadedModule> abort(int mark) {
        if (!mine() || mark < 1) {
            return List.of();
        }
        return popTo(mark);
    }

    /** Removes the requests from the marked one inwards, and returns what they loaded, in load order. */
    private List<LoadedModule> popTo(int mark) {
        List<LoadedModule> loaded = new ArrayList<>();
        while (requests.size() >= mark) {
            origins.pollLast();
            List<LoadedModule> inner = requests.pollLast();
            inner.addAll(loaded);
            loaded = inner;
        }
        return loaded;
    }

    /**
     * Marks module code as running.
     *
     * @return the mark to end it with
     */
    int begin(LoadedModule module, String action) {
        if (!mine()) {
            return -1;
        }
        running.addLast(new Activity(module, action));
        return running.size() - 1;
    }

    /** Marks module code as ended, with whatever nested code its abandoned thread left marked. */
    void end(int mark) {
        if (!mine() || mark < 0) {
            return;
        }
        while (running.size() > mark) {
            running.pollLast();
        }
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
