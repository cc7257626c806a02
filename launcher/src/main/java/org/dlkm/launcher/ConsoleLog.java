package org.dlkm.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The console of a kernel running in the background: what it prints (boot problems, its own messages, the
 * framework's with {@code -v}) goes to {@code <home>/var/adm/dlkm.log}, each line after the time it was written.
 * When the file reaches its size limit it is rotated at the next line: {@code dlkm.log} becomes {@code dlkm.log.1},
 * {@code .1} becomes {@code .2}, and so on; the oldest beyond the number of files kept is dropped.
 *
 * <p>Only the kernel holding the home's lock writes it. Thread-safe: every write is synchronized.
 */
final class ConsoleLog extends OutputStream {

    /** The size at which the log is rotated. */
    static final long DEFAULT_LIMIT = 1024 * 1024;
    /** How many files are kept: the log and its rotated copies. */
    static final int DEFAULT_FILES = 5;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

    private final Path file;
    private final long limit;
    private final int files;
    private final Clock clock;
    private OutputStream out;
    private long size;
    private boolean atLineStart = true;

    private ConsoleLog(Path file, long limit, int files, Clock clock) throws IOException {
        this.file = file;
        this.limit = limit;
        this.files = files;
        this.clock = clock;
        open();
    }

    /** Appends to the log, creating it and its directory if need be. */
    static ConsoleLog open(Path file) throws IOException {
        return open(file, DEFAULT_LIMIT, DEFAULT_FILES, Clock.systemUTC());
    }

    static ConsoleLog open(Path file, long limit, int files, Clock clock) throws IOException {
        if (limit < 1 || files < 1) {
            throw new IllegalArgumentException("a log of " + limit + " bytes in " + files + " files");
        }
        Files.createDirectories(file.getParent());
        return new ConsoleLog(file, limit, files, clock);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (atLineStart) {
            startLine();
        }
        out.write(b);
        size++;
        atLineStart = b == '\n';
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        int end = offset + length;
        while (offset < end) {
            if (atLineStart) {
                startLine();
            }
            int newline = offset;
            while (newline < end && bytes[newline] != '\n') {
                newline++;
            }
            int stop = newline < end ? newline + 1 : end;
            out.write(bytes, offset, stop - offset);
            size += stop - offset;
            atLineStart = newline < end;
            offset = stop;
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /** Rotates the file if it is full, then stamps the line with the time. */
    private void startLine() throws IOException {
        if (size >= limit) {
            rotate();
        }
        byte[] stamp = (TIME.format(clock.instant().truncatedTo(ChronoUnit.MILLIS)) + " ")
                .getBytes(StandardCharsets.UTF_8);
        out.write(stamp);
        size += stamp.length;
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(rotated(files - 1));
        for (int i = files - 2; i >= 1; i--) {
            if (Files.exists(rotated(i))) {
                Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (files > 1) {
            Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(file);
        }
        open();
    }

    private Path rotated(int generation) {
        return file.resolveSibling(file.getFileName() + "." + generation);
    }

    private void open() throws IOException {
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        size = Files.size(file);
    }
}
