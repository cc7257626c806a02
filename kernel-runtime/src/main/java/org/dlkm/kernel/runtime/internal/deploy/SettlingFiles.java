package org.dlkm.kernel.runtime.internal.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.ZipFile;

/**
 * Jars of the module directory that hot deployment leaves alone until they stop changing. Two kinds:
 * <ul>
 * <li>a jar copied over one deployed before: FileInstall reports a file it knows at the first scan that sees it
 * changed, not once it is the same on two scans as it does for a new file, so a copy in progress would be read; the
 * jar is taken once it has kept its content for a quiet time (a little more than one poll);</li>
 * <li>a jar that does not open as a zip: a copy written in pauses longer than the poll looks finished to FileInstall
 * while its zip directory, written last, is missing; it is refused only if it keeps its content for the settle time
 * (then it was truncated for good, or is no zip at all).</li>
 * </ul>
 * A file's wait counts from when it was first seen with its content (one wait serves both kinds: a changed jar that
 * does not open waits the quiet time, then the rest of the settle time); a change meanwhile starts it again. Each
 * waiting file is checked again the moment its time is up.
 *
 * <p>Threading: {@link #unsettled} and {@link #forget} are called under the deployment's monitor; the recheck runs on
 * this class's own daemon thread and goes through {@link HotDeployment#arrived}, like a FileInstall event.
 */
final class SettlingFiles {
    private final Consumer<Path> recheck;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dlkm-deploy-settle");
        t.setDaemon(true);
        return t;
    });
    /** By file, the content it had when its wait began, and its recheck; guarded by this object. */
    private final Map<Path, Waiting> waiting = new HashMap<>();

    private record Waiting(String sha256, long since, ScheduledFuture<?> recheck) {
    }

    /** @param recheck what hands a file back to the deployment once its wait is over */
    SettlingFiles(Consumer<Path> recheck) {
        this.recheck = recheck;
    }

    /**
     * @param sha256 the file's content now
     * @param millis how long the file must keep this content
     * @return whether the file is to be left alone for now: it has not kept this content for {@code millis} yet
     *     (a recheck is then scheduled for the moment it will have)
     */
    synchronized boolean unsettled(Path file, String sha256, long millis) {
        long now = System.nanoTime();
        Waiting w = waiting.get(file);
        long since = w != null && w.sha256().equals(sha256) ? w.since() : now;
        long left = millis - TimeUnit.NANOSECONDS.toMillis(now - since);
        if (left <= 0) {
            return false;
        }
        if (w != null) {
            w.recheck().cancel(false);
        }
        try {
            ScheduledFuture<?> again = timer.schedule(() -> recheck.accept(file), left, TimeUnit.MILLISECONDS);
            waiting.put(file, new Waiting(sha256, since, again));
        } catch (RejectedExecutionException closed) {
            waiting.remove(file); // the kernel is stopping
        }
        return true;
    }

    /** The file is gone, or settled and read: no recheck, and its wait is over. */
    synchronized void forget(Path file) {
        Waiting w = waiting.remove(file);
        if (w != null) {
            w.recheck().cancel(false);
        }
    }

    void close() {
        timer.shutdownNow();
    }

    /** @return whether the file opens as a zip */
    static boolean opens(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
