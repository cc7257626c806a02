package org.dlkm.kernel.runtime.internal.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.dlkm.kernel.runtime.internal.catalog.AtomicFiles;

/**
 * A journal of kernel moves: renames and deletions of kernel files and module sets that must all happen, in
 * order, whatever moment the kernel dies at. {@code kmupdate} writes one to run at shutdown; boot's fallback writes
 * one and runs it at once; a boot that finds one (the kernel was killed before or during the moves) runs it first.
 *
 * <p>The journal ({@code stand/kernel.moves}) is written crash-safely, then each operation is done and the journal
 * rewritten with the index of the next one, then the journal is deleted. Each operation can be done again after a
 * crash with the same result: {@code move} does nothing when its source is gone (done already, or nothing to move),
 * {@code delete} deletes a file or a directory tree, if there. A directory is moved only onto a name a
 * {@code delete} freed before it. Fields are separated by tabs, so that a path may hold spaces.
 *
 * <pre>
 * * stand/kernel.moves -- kmupdate: install /stand/build/vmunix_test at the next shutdown
 * step 0
 * delete /home/var/stand/vmunix.prev
 * move /home/var/stand/vmunix /home/var/stand/vmunix.prev
 * </pre>
 *
 * <p>Not thread-safe: one caller at a time (the kernel's boot, shutdown, or a command under the transition lock).
 */
public final class KernelMoves {
    /**
     * One operation.
     *
     * @param delete whether it deletes {@code from}; else it renames {@code from} to {@code to}
     * @param from the path deleted or renamed
     * @param to the new name; null for a deletion
     */
    public record Op(boolean delete, Path from, Path to) {
        static Op delete(Path path) {
            return new Op(true, path, null);
        }

        static Op move(Path from, Path to) {
            return new Op(false, from, to);
        }

        @Override
        public String toString() {
            return delete ? "delete\t" + from : "move\t" + from + "\t" + to;
        }
    }

    /**
     * A journal as read.
     *
     * @param title what the moves are for, from the first line
     * @param step the index of the next operation
     * @param ops every operation
     */
    public record Journal(String title, int step, List<Op> ops) {
    }

    private final Path journal;

    /** @param journal the journal's file */
    public KernelMoves(Path journal) {
        this.journal = journal;
    }

    /** @return the journal's file */
    public Path file() {
        return journal;
    }

    /** Writes a journal, crash-safely, replacing one not yet started. Nothing moves yet. */
    public void schedule(String title, List<Op> ops) throws IOException {
        write(new Journal(title, 0, ops));
    }

    /** @return the journal, if there is one */
    public Optional<Journal> pending() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (lines.size() < 2 || !lines.get(0).startsWith("* ") || !lines.get(1).startsWith("step ")) {
            throw new IOException(journal + ": not a kernel moves journal (it was written crash-safely, so it was"
                    + " edited by hand); restore it or delete it and check stand/vmunix");
        }
        List<Op> ops = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            String[] f = line.split("\t");
            if (f.length == 2 && f[0].equals("delete")) {
                ops.add(Op.delete(Path.of(f[1])));
            } else if (f.length == 3 && f[0].equals("move")) {
                ops.add(Op.move(Path.of(f[1]), Path.of(f[2])));
            } else {
                throw new IOException(journal + ": bad line '" + line + "'");
            }
        }
        return Optional.of(new Journal(lines.get(0).substring(2), Integer.parseInt(lines.get(1).substring(5)),
                ops));
    }

    /**
     * Cancels a journal not yet started that would move one of the paths: what it would move is about to change.
     *
     * @return the cancelled journal's title, if one was cancelled
     */
    public Optional<String> cancelIfMoving(List<Path> paths) throws IOException {
        Optional<Journal> j = pending();
        if (j.isEmpty() || j.get().step() > 0) {
            return Optional.empty();
        }
        List<Path> absolute = paths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        for (Op op : j.get().ops()) {
            if (!op.delete() && absolute.contains(op.from().toAbsolutePath().normalize())) {
                AtomicFiles.delete(journal);
                return Optional.of(j.get().title());
            }
        }
        return Optional.empty();
    }

    /**
     * Runs the pending journal from its next operation to the end, then deletes it.
     *
     * @return whether there was one
     */
    public boolean complete() throws IOException {
        Optional<Journal> j = pending();
        if (j.isEmpty()) {
            return false;
        }
        Journal current = j.get();
        for (int i = current.step(); i < current.ops().size(); i++) {
            apply(current.ops().get(i));
            write(new Journal(current.title(), i + 1, current.ops()));
        }
        AtomicFiles.delete(journal);
        return true;
    }

    /** Schedules and runs at once. */
    public void run(String title, List<Op> ops) throws IOException {
        schedule(title, ops);
        complete();
    }

    private static void apply(Op op) throws IOException {
        if (op.delete()) {
            deleteTree(op.from());
        } else if (Files.exists(op.from(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(op.to().toAbsolutePath().getParent());
            AtomicFiles.move(op.from(), op.to());
        }
    }

    /** Deletes a file or a directory tree, if there, deepest first, and forces each directory it changed. */
    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            List<Path> all;
            try (Stream<Path> walk = Files.walk(path)) {
                all = walk.sorted(Comparator.reverseOrder()).toList();
            }
            for (Path p : all) {
                AtomicFiles.delete(p);
            }
        } else {
            AtomicFiles.delete(path);
        }
    }

    private void write(Journal j) throws IOException {
        StringBuilder sb = new StringBuilder("* ").append(j.title()).append('\n').append("step ").append(j.step())
                .append('\n');
        j.ops().forEach(op -> sb.append(op).append('\n'));
        AtomicFiles.write(journal, sb.toString());
    }
}
