package org.dlkm.launcher;

import java.nio.file.Path;

/** A kernel home prepared as the launcher prepares it, under its lock, which the test releases by closing this. */
final class LockedHome implements AutoCloseable {
    final HomeLock lock;
    final KernelHome home;

    private LockedHome(HomeLock lock, KernelHome home) {
        this.lock = lock;
        this.home = home;
    }

    static LockedHome prepare(Path directory) throws LauncherException {
        HomeLock lock = HomeLock.tryAcquire(RunDirectory.prepare(directory))
                .orElseThrow(() -> new IllegalStateException("another process holds the lock of " + directory));
        try {
            return new LockedHome(lock, KernelHome.prepare(lock));
        } catch (LauncherException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    @Override
    public void close() {
        lock.close();
    }
}
