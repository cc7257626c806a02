package org.dlkm.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.dlkm.kernel.home.KernelHomeLayout;

/**
 * The kernel home as the launcher prepares it: the directories of the {@link KernelHomeLayout} the
 * runtime shares, an empty {@code etc/loadmods}, and the shipped module jars in the module directory.
 * Only the process holding the home's lock prepares it, so {@link #prepare} takes the {@link HomeLock}.
 *
 * <p>Not thread-safe: the launcher prepares the home once, before the framework starts.
 */
final class KernelHome {

    /** The directories every kernel home has, relative to its root. */
    static final List<String> DIRECTORIES = KernelHomeLayout.DIRECTORIES;

    private final KernelHomeLayout layout;
    private final Path root;

    private KernelHome(KernelHomeLayout layout) {
        this.layout = layout;
        this.root = layout.root();
    }

    /**
     * Creates the home's directories where missing, and an empty {@code etc/loadmods} if there is
     * none, after checking that this process may read and write the home and each directory of its layout;
     * then empties the framework's cache. Other existing content is left alone.
     *
     * @param lock the home's lock, held by this process
     * @throws KernelBootException naming the directory or file that cannot be used, and why
     */
    static KernelHome prepare(HomeLock lock) throws KernelBootException {
        if (!lock.isHeld()) {
            throw new IllegalStateException("the lock of " + lock.runDirectory().home() + " was released");
        }
        KernelHome home = new KernelHome(lock.runDirectory().layout());
        HomeDirectories.requireUsable(home.root, "the kernel home");
        for (String name : DIRECTORIES) {
            home.prepareDirectory(home.root.resolve(name));
        }
        FrameworkCache.empty(home.frameworkStorage());
        Path loadmods = home.loadmods();
        try {
            if (Files.notExists(loadmods)) {
                Files.createFile(loadmods);
            }
        } catch (IOException e) {
            throw new KernelBootException(loadmods + ": cannot create it: " + HomeDirectories.reason(e), e);
        }
        return home;
    }

    /** Creates a directory of the layout, with its parents, or checks the one there. */
    private void prepareDirectory(Path directory) throws KernelBootException {
        Path d = root;
        for (Path name : root.relativize(directory)) {
            d = d.resolve(name);
            if (Files.exists(d)) {
                HomeDirectories.requireUsable(d, d.equals(frameworkStorage()) ? FrameworkCache.WHAT
                        : "the kernel home's files");
                continue;
            }
            try {
                Files.createDirectory(d);
            } catch (IOException e) {
                throw new KernelBootException(d + ": cannot create it: " + HomeDirectories.reason(e), e);
            }
        }
    }

    /** Absolute, normalized. */
    Path root() {
        return root;
    }

    /** The watched module directory ({@code /usr/lib/vmware/vmkmod} on ESX). */
    Path moduleDirectory() {
        return layout.moduleDirectory();
    }

    Path frameworkStorage() {
        return layout.frameworkStorage();
    }

    Path loadmods() {
        return layout.loadmods();
    }

    /** The record of the shipped builds installed into the module directory: {@code SHA-256 name}, one per line. */
    static final String SHIPPED_RECORD = ".shipped";

    /**
     * Copies each {@code *.jar} of {@code shipped} into the module directory, once per build: a jar is copied when
     * this build of it was never installed into this home (the first start, or a distribution that ships another
     * build) and the directory does not hold it already. Once installed, the jar is the administrator's: a jar they
     * replaced or deleted (hot deployment reloads or withdraws its module) stays so at every later start, until a
     * distribution ships another build of it. What was installed is recorded in the directory's hidden
     * {@code .shipped} (SHA-256 and name), which a watcher of {@code *.jar} ignores; a home without it takes every
     * shipped jar as never installed. Each copy is crash-safe: written to a hidden temporary file,
     * {@code .<name>.<random>.tmp} (so a directory watcher ignores it, and the kernel's boot-time check removes one a
     * crash left behind, as it does the kernel's own), synced, then renamed over the target; the record is written
     * the same way after the copies, so a crash between them copies again at the next start. Jars in the module
     * directory that were not shipped are left alone.
     *
     * @return the file names copied, in name order
     */
    List<String> installModules(Path shipped) throws LauncherException {
        List<String> copied = new ArrayList<>();
        Path record = moduleDirectory().resolve(SHIPPED_RECORD);
        Map<String, String> installed = readShipped(record);
        boolean changed = false;
        for (Path source : jars(shipped)) {
            String name = source.getFileName().toString();
            Path target = moduleDirectory().resolve(name);
            try {
                String build = HexFormat.of().formatHex(sha256(source));
                if (build.equals(installed.get(name))) {
                    continue; // installed before: the administrator's since
                }
                if (!sameContent(source, target)) {
                    copyAtomically(source, target);
                    copied.add(name);
                }
                installed.put(name, build);
                changed = true;
            } catch (IOException e) {
                throw LauncherException.io("cannot install module " + name + " into " + moduleDirectory(), e);
            }
        }
        if (changed) {
            StringBuilder text = new StringBuilder();
            installed.forEach((name, sha) -> text.append(sha).append(' ').append(name).append('\n'));
            try {
                writeAtomically(record, text.toString());
            } catch (IOException e) {
                throw LauncherException.io("cannot record the shipped modules in " + record, e);
            }
        }
        return copied;
    }

    /** @return the shipped builds installed, by file name; none for a home that never recorded them */
    private static Map<String, String> readShipped(Path record) {
        Map<String, String> installed = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(record, StandardCharsets.UTF_8)) {
                String[] f = line.trim().split(" ", 2);
                if (f.length == 2) {
                    installed.put(f[1], f[0]);
                }
            }
        } catch (IOException e) {
            // no record, or one that cannot be read: every shipped jar is taken as never installed
        }
        return installed;
    }

    private static List<Path> jars(Path directory) throws LauncherException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.jar")) {
            entries.forEach(jars::add);
        } catch (IOException e) {
            throw LauncherException.io("cannot list the shipped modules", e);
        }
        jars.sort(null);
        return jars;
    }

    static boolean sameContent(Path a, Path b) throws IOException {
        if (!Files.isRegularFile(b) || Files.size(a) != Files.size(b)) {
            return false;
        }
        return Arrays.equals(sha256(a), sha256(b));
    }

    private static byte[] sha256(Path file) throws IOException {
        MessageDigest digest = newSha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            copyAtomically(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void copyAtomically(Path source, Path target) throws IOException {
        Path directory = target.getParent();
        Path temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
        try {
            Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        syncDirectory(directory);
    }

    /** Makes the rename durable. Only POSIX file systems can open a directory to sync it. */
    private static void syncDirectory(Path directory) throws IOException {
        if (!directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
