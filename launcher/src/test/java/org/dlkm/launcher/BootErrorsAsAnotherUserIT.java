package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kernel home, or a framework cache, that the user running {@code dlkm} cannot read or write: named with the
 * reason and the mode, status 2, before any prompt or command. Permissions stop only an unprivileged user, and CI
 * runs as root: then the test gives the home to user {@value #NOBODY} and runs {@code dlkm} as that user with
 * util-linux's {@code setpriv}, from a copy of the distribution that user can read; as anyone else, it runs
 * {@code dlkm} as itself. Nothing is skipped: without {@code setpriv}, or a JDK that user can run, the test fails
 * saying what to install or open.
 */
class BootErrorsAsAnotherUserIT {

    /** {@code nobody} on Debian and most distributions. */
    static final int NOBODY = 65534;

    @TempDir
    Path tmp;

    private final List<String> asUser = new ArrayList<>();
    private long uid;
    /** The launcher jar dlkm runs from: the packaged one, or a copy that user {@value #NOBODY} can read. */
    private Path launcher;

    @BeforeEach
    void runAsAnUnprivilegedUser() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        uid = FileOwner.currentUid();
        launcher = DlkmProcess.launcherJar();
        if (uid != 0) {
            return;
        }
        asUser.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        uid = NOBODY;
        // the build tree may be where that user cannot go (under /root): it runs a copy of the distribution
        launcher = DlkmProcess.copyOfTheDistribution(tmp.resolve("dlkm"));
        List<String> probe = new ArrayList<>(asUser);
        probe.addAll(List.of("test", "-x", DlkmProcess.java().toString(), "-a", "-r", launcher.toString()));
        Process check;
        try {
            check = new ProcessBuilder(probe).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("running as root, this test runs dlkm as user " + NOBODY + " with setpriv, which it cannot start ("
                    + e.getMessage() + "): install util-linux");
            return;
        }
        String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, check.waitFor(), "user " + NOBODY + " cannot run " + DlkmProcess.java() + " or read "
                + launcher + " (" + said.strip() + "): give all users read and execute permission on the JDK");
    }

    /** Gives {@code path} and everything under it to the user that runs {@code dlkm}. */
    private void own(Path path) throws IOException {
        if (asUser.isEmpty()) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.setAttribute(file, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(file, "unix:gid", NOBODY, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private static void chmod(Path path, String mode) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }

    private DlkmProcess.Result dlkm(Path home, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args.length == 0 ? new String[] {"-c", "scanpci"} : args));
        return DlkmProcess.run(asUser, launcher, tmp, all.toArray(String[]::new));
    }

    private String denied(Path directory, String cannot, String mode, String what) {
        return "dlkm: " + directory + ": permission denied: you (user ID " + uid + ") cannot " + cannot + " it (mode "
                + mode + "), and dlkm reads and writes " + what + "; give yourself access with chmod u+rwx "
                + directory + ", or choose another home with --home DIR\n";
    }

    @Test
    void anUnreadableHomeIsNamedWithItsMode() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("var"));
        own(home);
        chmod(home, "---------");

        DlkmProcess.Result result = dlkm(home);

        assertEquals(denied(home, "read, write or enter", "---------", "the kernel home"), result.output());
        assertEquals(2, result.status());
    }

    @Test
    void aReadOnlyHomeIsNamedPrivatelyAndForADaemon() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("var"));
        own(home);
        chmod(home, "r-x------");

        DlkmProcess.Result script = dlkm(home);
        DlkmProcess.Result daemon = dlkm(home, "--daemon");

        assertEquals(denied(home, "write", "r-x------", "the kernel home"), script.output());
        assertEquals(2, script.status());
        assertEquals(denied(home, "write", "r-x------", "the kernel home"), daemon.output());
        assertEquals(2, daemon.status());
    }

    @Test
    void aHomeUsedBeforeAndMadeReadOnlyIsNamedOnceItsLockIsTaken() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("var"));
        Files.createDirectory(home.resolve("run"));
        chmod(home.resolve("run"), "rwx------");
        own(home);
        chmod(home, "r-x------");

        DlkmProcess.Result result = dlkm(home);

        assertEquals(denied(home, "write", "r-x------", "the kernel home"), result.output());
        assertEquals(2, result.status());
    }

    @Test
    void aHomeWhoseParentCannotBeCreatedNamesTheDirectoryThatRefusedIt() throws Exception {
        Path parent = Files.createDirectory(tmp.resolve("readonly"));
        own(parent);
        chmod(parent, "r-xr-xr-x");
        Path home = parent.resolve("a/var");

        DlkmProcess.Result result = dlkm(home);

        assertEquals("dlkm: " + parent + ": permission denied: you (user ID " + uid + ") cannot create the kernel home "
                + home + " in it (mode r-xr-xr-x); choose another home with --home DIR in a directory you may write\n",
                result.output());
        assertEquals(2, result.status());
    }

    @Test
    void aFrameworkCacheThatCannotBeWrittenIsNamed() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("var"));
        Path cache = Files.createDirectory(home.resolve("felix-cache"));
        own(home);
        chmod(cache, "r-xr-xr-x");

        DlkmProcess.Result result = dlkm(home);

        assertEquals(denied(cache, "write", "r-xr-xr-x", "the framework's cache"), result.output());
        assertEquals(2, result.status());
    }

    @Test
    void aFrameworkCacheThatCannotBeEmptiedNamesTheFileLeft() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("var"));
        Path bundle = Files.createDirectories(home.resolve("felix-cache/bundle1"));
        Path left = Files.writeString(bundle.resolve("bundle.info"), "1\n");
        own(home);
        chmod(bundle, "r-xr-xr-x");

        DlkmProcess.Result result = dlkm(home);

        assertEquals("dlkm: " + home.resolve("felix-cache") + ": cannot empty the framework's cache, as dlkm does at"
                + " each boot: cannot delete " + left + ": permission denied; delete what is left in the cache and"
                + " boot again\n", result.output());
        assertEquals(2, result.status());
        assertEquals("1\n", Files.readString(left));
    }
}
