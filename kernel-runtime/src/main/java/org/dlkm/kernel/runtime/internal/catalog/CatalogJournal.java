package org.dlkm.kernel.runtime.internal.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The catalog's intent journal: how a change to several files of the kernel home (a module's image, master file and
 * system file) happens to all of them or to none, even when the process dies half way.
 *
 * <h2>A transaction</h2>
 * <ol>
 * <li><b>Stage.</b> Each new file is written beside its target as {@code .<target>.staged}, crash-safely
 * ({@link AtomicFiles}). Nothing the kernel reads has changed: after a crash now, the next boot removes the staged
 * files, and the change never happened.</li>
 * <li><b>Commit.</b> The journal is written, crash-safely: the operation, each staged file's target with the
 * SHA-256 of its content, each target to delete. Once its rename is durable, the change has happened.</li>
 * <li><b>Apply.</b> Each staged file is renamed over its target, each target to delete is deleted, each directory
 * forced.</li>
 * <li><b>End.</b> The journal is deleted.</li>
 * </ol>
 * After a crash while applying, the next boot {@linkplain #recover() recovers}: it applies the journal again. A staged
 * file still there is checked against its SHA-256 and renamed; one already renamed is found in its target by its
 * SHA-256; a target still there is deleted. Applying twice does what applying once does.
 *
 * <p>Why this class is large: a third of it is this description; the rest is the journal's writing, reading and
 * recovery, which must agree on one format and are kept side by side.
 *
 * <h2>Why a journal rather than a new directory renamed into place</h2>
 * A module's three files live in three directories, as on HP-UX ({@code stand/dlkm/mod.d}, {@code usr/conf/master.d},
 * {@code stand/system.d}); one rename can only switch one directory entry. A directory per module renamed into place
 * would need the layout changed, or symbolic links, which administrators of those systems would not recognise and some
 * file systems lack. The journal keeps the layout and the plain files.
 *
 * <h2>Format</h2>
 * Text, UTF-8, one line each, fields separated by a tab, paths relative to the kernel home with {@code /}:
 * <pre>
 * dlkm catalog journal 1
 * operation	kminstall -u e100 from /tmp/e100.jar
 * put	3f5a…(64 hexadecimal digits)	stand/dlkm/mod.d/e100.jar
 * delete	stand/system.d/e100
 * end	2
 * </pre>
 * The last line counts the changes: a journal is written whole by an atomic rename, and one that does not end so is
 * refused as damaged.
 *
 * <p>Threading: the catalog calls it with the kernel's transition lock held, one transaction at a time; the journal
 * file itself refuses a second transaction while one is pending, from any process.
 */
public final class CatalogJournal {
    static final String STAGED_SUFFIX = ".staged";
    private static final String STAGED_PREFIX = ".";
    private static final String HEADER = "dlkm catalog journal 1";
    private static final String OPERATION = "operation";
    private static final String PUT = "put";
    private static final String DELETE = "delete";
    private static final String END = "end";
    private static final String TAB = "\t";
    private static final int SHA256_HEX = 64;

    /**
     * One change of a transaction.
     *
     * @param target the file, absolute
     * @param sha256 for a new content, its SHA-256 in lowercase hexadecimal; empty to delete the target
     */
    record Change(Path target, Optional<String> sha256) {
        Change {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(sha256, "sha256");
        }

        Path staged() {
            return stagedFor(target);
        }
    }

    /** A journal as read back: the operation it records and its changes, in order. */
    record Entry(String operation, List<Change> changes) {
        Entry {
            changes = List.copyOf(changes);
        }
    }

    /**
     * What recovering did: lines saying what was completed, and lines saying what could not be. While the journal is
     * still {@linkplain #pending() pending} afterwards, its staged files may be the only copy of a committed change.
     */
    record Recovery(List<String> done, List<String> problems) {
        static final Recovery NOTHING = new Recovery(List.of(), List.of());
    }

    private final Path file;
    private final Path home;

    /**
     * @param file the journal ({@code stand/dlkm/catalog.journal})
     * @param home the kernel home, which the journal's paths are relative to
     */
    public CatalogJournal(Path file, Path home) {
        this.file = file.toAbsolutePath().normalize();
        this.home = home.toAbsolutePath().normalize();
    }

    /** @return the journal file */
    public Path file() {
        return file;
    }

    /** @return whether a transaction is committed and not yet ended: a crash, or a failure while applying */
    public boolean pending() {
        return Files.exists(file);
    }

    /**
     * @param name a file name
     * @return whether it names a staged file, {@code .<target>.staged}
     */
    public static boolean isStaged(Path name) {
        return AtomicFiles.isHidden(name, STAGED_SUFFIX);
    }

    static Path stagedFor(Path target) {
        return target.resolveSibling(STAGED_PREFIX + target.getFileName() + STAGED_SUFFIX);
    }

    /**
     * Begins a transaction.
     *
     * @param operation what it does, for the journal and the boot-time check's report ({@code kminstall -u e100 from
     *        /tmp/e100.jar})
     * @throws IOException if a journal is pending: the catalog takes no change until it is completed
     */
    public Transaction begin(String operation) throws IOException {
        if (pending()) {
            throw new IOException("an earlier catalog change is still pending in its journal " + file
                    + "; the next boot completes it, or says why it cannot");
        }
        return new Transaction(operation);
    }

    /**
     * One change to several files. Stage with {@link #put} and {@link #delete}, then {@link #commit()}; closing it
     * without a commit removes what was staged.
     *
     * <p>Not thread-safe: one thread builds and commits it.
     */
    public final class Transaction implements AutoCloseable {
        private final String operation;
        private final List<Change> changes = new ArrayList<>();
        private boolean committed;

        private Transaction(String operation) {
            this.operation = operation.replace('\n', ' ').replace('\t', ' ');
        }

        /** Stages a file's new content, a text in UTF-8. */
        public void put(Path target, String text) throws IOException {
            Path staged = stagedFor(target.toAbsolutePath().normalize());
            AtomicFiles.write(staged, text);
            staged(target, staged);
        }

        /** Stages a file's new content, a copy of another file. */
        public void copy(Path target, Path from) throws IOException {
            Path staged = stagedFor(target.toAbsolutePath().normalize());
            AtomicFiles.copy(from, staged);
            staged(target, staged);
        }

        private void staged(Path target, Path staged) throws IOException {
            changes.add(new Change(target.toAbsolutePath().normalize(), Optional.of(FileDigest.sha256(staged))));
        }

        /** Deletes a file, if it is there, with the rest of the transaction. */
        public void delete(Path target) {
            changes.add(new Change(target.toAbsolutePath().normalize(), Optional.empty()));
        }

        /**
         * Commits the transaction and applies it.
         *
         * @throws IOException if the journal cannot be written (then nothing changed and the staged files are gone),
         *         or if applying fails after the commit (then the journal stays, the change completes at the next
         *         boot, and the catalog takes no other change until then)
         */
        public void commit() throws IOException {
            try {
                AtomicFiles.write(file, format(new Entry(operation, changes)));
            } catch (IOException e) {
                if (!Files.exists(file)) {
                    throw e;
                }
                // renamed into place, but its directory could not be forced: committed all the same
            }
            committed = true;
            List<String> problems = apply(changes, false).problems();
            if (!problems.isEmpty()) {
                throw new IOException(String.join("; ", problems) + "; the change is committed in " + file
                        + " and completes at the next boot");
            }
            AtomicFiles.delete(file);
        }

        /** Removes the staged files of a transaction that was not committed. */
        @Override
        public void close() throws IOException {
            if (committed) {
                return;
            }
            IOException failure = null;
            for (Change c : changes) {
                try {
                    AtomicFiles.delete(c.staged());
                } catch (IOException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /**
     * Completes a transaction a crash interrupted: applies a pending journal, checking each staged file against its
     * SHA-256, and ends it. A journal that cannot be read, or a change that cannot be completed, is reported and the
     * journal left where it is (with its staged files), never deleted.
     */
    public Recovery recover() {
        if (!pending()) {
            return Recovery.NOTHING;
        }
        Entry entry;
        try {
            entry = parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Recovery(List.of(), List.of("cannot read the catalog journal " + file + ": " + e.getMessage()
                    + "; it is left alone with the files it staged, and the catalog takes no change until it is"
                    + " repaired or moved away"));
        }
        Applied applied = apply(entry.changes(), true);
        List<String> problems = applied.problems();
        if (problems.isEmpty()) {
            try {
                AtomicFiles.delete(file);
            } catch (IOException e) {
                problems = List.of("cannot delete " + file + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            return new Recovery(List.of(), List.of("cannot complete the interrupted " + entry.operation()
                    + " from its journal " + file + ": " + String.join("; ", problems) + "; the journal is left alone"
                    + " with the files it staged, and the catalog takes no change until it is repaired or moved"
                    + " away"));
        }
        return new Recovery(List.of("completed the interrupted " + entry.operation() + " from its journal " + file
                + (applied.done().isEmpty() ? "" : ": " + String.join(", ", applied.done()))), List.of());
    }

    /** What applying changes did, and what it could not do, one item each. */
    private record Applied(List<String> done, List<String> problems) {
    }

    /**
     * Applies changes in order; goes on after a change that fails, so that as much as possible is done.
     *
     * @param verify whether to check each staged file's content against its SHA-256 before renaming it (at recovery:
     *        the file was written by a process that died)
     */
    private static Applied apply(List<Change> changes, boolean verify) {
        List<String> done = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Change c : changes) {
            try {
                if (c.sha256().isEmpty()) {
                    if (AtomicFiles.delete(c.target())) {
                        done.add("deleted " + c.target());
                    }
                } else {
                    put(c, verify, done).ifPresent(problems::add);
                }
            } catch (IOException e) {
                problems.add(c.target() + ": " + e.getMessage());
            }
        }
        return new Applied(done, problems);
    }

    private static Optional<String> put(Change c, boolean verify, List<String> done) throws IOException {
        String expected = c.sha256().orElseThrow();
        Path staged = c.staged();
        if (Files.exists(staged)) {
            if (verify && !expected.equals(FileDigest.sha256(staged))) {
                return Optional.of("the staged file " + staged + " does not hold what the journal recorded (SHA-256 "
                        + expected + ")");
            }
            AtomicFiles.move(staged, c.target());
            done.add("put " + staged.getFileName() + " in place of " + c.target());
            return Optional.empty();
        }
        if (Files.isRegularFile(c.target()) && expected.equals(FileDigest.sha256(c.target()))) {
            return Optional.empty();
        }
        return Optional.of("the staged file " + staged + " is gone and " + c.target()
                + " does not hold the new content (SHA-256 " + expected + ")");
    }

    /** @return the journal's text */
    String format(Entry entry) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        sb.append(OPERATION).append(TAB).append(entry.operation()).append('\n');
        for (Change c : entry.changes()) {
            String path = relative(c.target());
            if (c.sha256().isPresent()) {
                sb.append(PUT).append(TAB).append(c.sha256().get()).append(TAB).append(path).append('\n');
            } else {
                sb.append(DELETE).append(TAB).append(path).append('\n');
            }
        }
        return sb.append(END).append(TAB).append(entry.changes().size()).append('\n').toString();
    }

    /**
     * Reads a journal's text.
     *
     * @throws IOException naming the line and what is wrong with it
     */
    Entry parse(String text) throws IOException {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw damaged(1, "the first line is not '" + HEADER + "'");
        }
        String operation = null;
        List<Change> changes = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(TAB, -1);
            int number = i + 1;
            switch (f[0]) {
            case OPERATION:
                if (f.length != 2 || operation != null || i != 1) {
                    throw damaged(number, "an operation line, once, second: 'operation<TAB>what'");
                }
                operation = f[1];
                break;
            case PUT:
                if (f.length != 3 || !f[1].matches("[0-9a-f]{" + SHA256_HEX + "}")) {
                    throw damaged(number, "a put line is 'put<TAB>SHA-256 in hexadecimal<TAB>path'");
                }
                changes.add(new Change(resolve(number, f[2]), Optional.of(f[1])));
                break;
            case DELETE:
                if (f.length != 2) {
                    throw damaged(number, "a delete line is 'delete<TAB>path'");
                }
                changes.add(new Change(resolve(number, f[1]), Optional.empty()));
                break;
            case END:
                if (f.length != 2 || !f[1].equals(Integer.toString(changes.size())) || i != lines.size() - 1) {
                    throw damaged(number, "the last line is 'end<TAB>" + changes.size() + "', the number of changes");
                }
                if (operation == null) {
                    throw damaged(2, "no operation line");
                }
                return new Entry(operation, changes);
            default:
                throw damaged(number, "unknown line '" + lines.get(i) + "'");
            }
        }
        throw damaged(lines.size(), "no 'end' line: the journal is cut short");
    }

    private IOException damaged(int line, String reason) {
        return new IOException("line " + line + ": " + reason);
    }

    private String relative(Path target) {
        if (!target.startsWith(home)) {
            throw new IllegalArgumentException(target + " is outside the kernel home " + home);
        }
        return home.relativize(target).toString().replace('\\', '/');
    }

    private Path resolve(int line, String relative) throws IOException {
        Path p = home.resolve(relative).normalize();
        if (relative.isEmpty() || !p.startsWith(home) || p.equals(home)) {
            throw damaged(line, "'" + relative + "' is not a path inside the kernel home");
        }
        return p;
    }

}
