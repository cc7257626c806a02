package org.dlkm.bench.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The records of earlier runs, kept in a directory outside the build's output so that they survive {@code mvn clean}
 * ({@code bench/report-history/} by default), one file a run, named by the time it ended:
 * {@code run-20261130T190212Z.tsv}. Only the {@value #KEPT} newest are kept.
 *
 * <p>Not thread-safe: one suite writes its directory at a time.
 */
public final class RunHistory {
    /** How many runs are kept: enough to find the last run of every benchmark after a few partial runs. */
    static final int KEPT = 50;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path dir;

    /** @param dir the directory the records are kept in; created when the first is saved */
    public RunHistory(Path dir) {
        this.dir = dir;
    }

    /** @return the directory the records are kept in */
    public Path dir() {
        return dir;
    }

    /**
     * Keeps a run's record, and drops the oldest beyond the {@value #KEPT} newest.
     *
     * @return the file it was written to
     */
    public Path save(RunRecord record) throws IOException {
        Path file = dir.resolve("run-" + FILE_TIME.format(record.run()) + ".tsv");
        record.write(file);
        List<Path> files = files();
        for (Path old : files.subList(0, Math.max(0, files.size() - KEPT))) {
            Files.delete(old);
        }
        return file;
    }

    /**
     * @param run when a run ended
     * @return the records of the runs that ended before it, newest first
     * @throws IOException if a record cannot be read; the message names the file to delete
     */
    public List<RunRecord> before(Instant run) throws IOException {
        List<RunRecord> earlier = new ArrayList<>();
        for (Path file : files()) {
            RunRecord record;
            try {
                record = RunRecord.read(file);
            } catch (IOException e) {
                throw new IOException("cannot read the earlier run " + file + " (" + e.getMessage() + "): delete it,"
                        + " and the report will compare with the runs before it", e);
            }
            if (record.run().isBefore(run)) {
                earlier.add(record);
            }
        }
        earlier.sort(Comparator.comparing(RunRecord::run).reversed());
        return earlier;
    }

    /** @return the newest record kept, if any */
    public Optional<RunRecord> newest() throws IOException {
        List<RunRecord> all = before(Instant.MAX);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** @return the record files, oldest first (their names sort by time) */
    private List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, "run-*.tsv")) {
            found.forEach(files::add);
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return files;
    }
}
