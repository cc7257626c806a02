package org.dlkm.launcher;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A process that takes a kernel home's lock as a kernel does, prints {@code locked}, and holds the lock until its
 * standard input ends or it is killed: the other process in the lock tests.
 */
public final class LockHolderProcess {

    private LockHolderProcess() {
    }

    public static void main(String[] args) throws Exception {
        Optional<HomeLock> lock = HomeLock.tryAcquire(RunDirectory.prepare(Path.of(args[0])));
        System.out.println(lock.isPresent() ? "locked" : "refused");
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the lock until the test closes our input or kills us
        }
        lock.ifPresent(HomeLock::close);
    }

    /** Starts one on {@code home} and returns once it holds the lock. */
    static Process start(Path home) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                LockHolderProcess.class.getName(), home.toString()).redirectErrorStream(true).start();
        StringBuilder line = new StringBuilder();
        for (int c; (c = process.getInputStream().read()) >= 0 && c != '\n'; ) {
            line.append((char) c);
        }
        if (!line.toString().equals("locked")) {
            process.destroyForcibly();
            throw new IllegalStateException("the lock holder did not take the lock: " + line);
        }
        return process;
    }
}
