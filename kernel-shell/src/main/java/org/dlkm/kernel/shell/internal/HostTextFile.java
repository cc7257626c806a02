package org.dlkm.kernel.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

import org.dlkm.kernel.Errno;

/**
 * A host file as {@code cat} prints it: a regular file of UTF-8 text, at most {@link #LIMIT} bytes. The shell holds
 * the whole text before printing it, so a device ({@code cat /dev/zero} once grew the JVM to 5.6 GB), a pipe or a
 * huge file is refused before it is read, and a file that grows while it is read is read no further than the
 * limit. Stateless; safe from any thread.
 */
final class HostTextFile {
    /** The largest host file {@code cat} prints, 1 MiB: far more than a master, system or hardware file holds. */
    static final int LIMIT = 1024 * 1024;

    private HostTextFile() {
    }

    /**
     * @param path what the administrator typed, for messages
     * @param file the file
     * @return its text
     * @throws CommandFailure from {@code cat}: {@code ENOENT} if it does not exist, {@code EINVAL} for a directory,
     *         anything else that is not a regular file, or a file that is not UTF-8 text, {@code EFBIG} past the
     *         limit, {@code EIO} with the system's reason for any other failure to read it
     */
    static String read(String path, Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw failure("cat", path, e);
        }
        if (attributes.isDirectory()) {
            throw refused(Errno.EINVAL, path + ": is a directory");
        }
        if (!attributes.isRegularFile()) {
            throw refused(Errno.EINVAL, path + ": not a regular file but a device, a pipe or a socket; cat prints"
                    + " regular files only");
        }
        if (attributes.size() > LIMIT) {
            throw tooLarge(path, attributes.size() + " bytes");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(LIMIT + 1);
        } catch (IOException e) {
            throw failure("cat", path, e);
        }
        if (bytes.length > LIMIT) {
            throw tooLarge(path, "more than " + LIMIT + " bytes (it grew while it was read)");
        }
        return text(path, bytes);
    }

    private static String text(String path, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw binary(path, "a NUL byte at offset " + i);
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            return decoder.decode(in).toString();
        } catch (MalformedInputException e) {
            int offset = in.position();
            throw binary(path, String.format(Locale.ROOT, "byte 0x%02X at offset %d is not UTF-8", bytes[offset] & 0xFF,
                    offset));
        } catch (CharacterCodingException e) {
            throw binary(path, "it is not UTF-8");
        }
    }

    private static CommandFailure binary(String path, String evidence) {
        return refused(Errno.EINVAL, path + ": a binary file, not text (" + evidence + "); cat prints UTF-8 text only");
    }

    private static CommandFailure tooLarge(String path, String size) {
        return refused(Errno.EFBIG, path + ": " + size + ", larger than the " + (LIMIT / 1024 / 1024) + " MiB cat"
                + " prints; read it with a tool of the host");
    }

    /**
     * @return the refusal of a command that could not read a host path: {@code ENOENT} if it does not exist, else
     *         {@code EIO} with the system's reason, where {@link IOException#getMessage()} would give the file's name
     */
    static CommandFailure failure(String command, String path, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new CommandFailure(command, Errno.ENOENT, path + ": no such file or directory");
        }
        String reason = e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.toString();
        return new CommandFailure(command, Errno.EIO, path + ": cannot read it: " + reason);
    }

    private static CommandFailure refused(Errno errno, String message) {
        return new CommandFailure("cat", errno, message);
    }
}
