package org.dlkm.kernel.runtime.internal.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.ZipFile;

/**
 * Jars of the module directory that do not open as zips yet. A copy written in pauses longer than FileInstall's poll
 * looks finished to it (the same on two scans) while its zip directory, written last, is still missing; such a file is
 * left alone until it changes, and refused only if it stays unchanged for the settle time: then it was truncated for
 * good, or is no zip at all. Each file is checked again once the settle time has passed since it was last seen.
 *
 * <p>Threading: {@link #stillCopying} and {@link #forget} are called under the deployment's monitor; the recheck runs
 * on this class's own daemon thread and goes through {@link HotDeployment#arrived}, like a FileInstall event.
 */
final class IncompleteFiles {
    private final long settleMillis;
    private final Consumer<Path> recheck;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dlkm-deploy-settle");
        t.setDaemon(true);
        return t;
    });
    /** By file, the content it had when it was found not to open, and its recheck; guarded by this object. */
    private final Map<Path, Waiting> waiting = new HashMap<>();

    private record Waiting(String sha256, long since, ScheduledFuture<?> recheck) {
    }

    /** @param recheck what hands a file back to the deployment once its settle time has passed */
    IncompleteFiles(long settleMillis, Consumer<Path> recheck) {
        this.settleMillis = settleMillis;
        this.recheck = recheck;
    }

    /**
     * @param sha256 the file's content now
     * @return whether the file is to be left alone for now: it does not open as a zip, and has not stayed so, with
     *     this content, for the settle time. False for a file that opens, and for one to be refused now
     */
    synchronized boolean stillCopying(Path file, String sha256) {
        if (opens(file)) {
            forget(file);
            return false;
        }
        long now = System.nanoTime();
        Waiting w = waiting.get(file);
        if (w != null && w.sha256().equals(sha256)) {
            if (TimeUnit.NANOSECONDS.toMillis(now - w.since()) >= settleMillis) {
                waiting.remove(file);
                return false;
            }
            return true;
        }
        if (w != null) {
            w.recheck().cancel(false);
        }
        try {
            ScheduledFuture<?> again = timer.schedule(() -> recheck.accept(file), settleMillis, TimeUnit.MILLISECONDS);
            waiting.put(file, new Waiting(sha256, now, again));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            return true; // the kernel is stopping
        }
        return true;
    }

    /** The file is gone, or was handled: no recheck. */
    synchronized void forget(Path file) {
        Waiting w = waiting.remove(file);
        if (w != null) {
            w.recheck().cancel(false);
        }
    }

    void close() {
        timer.shutdownNow();
    }

    private static boolean opens(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
