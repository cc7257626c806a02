package org.dlkm.launcher;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The launcher cannot go on: its message names what failed and why; the launcher prints it after
 * {@code dlkm: } and exits with status 1.
 */
class LauncherException extends Exception {
    private static final long serialVersionUID = 1L;

    LauncherException(String message) {
        super(message);
    }

    LauncherException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "{@code <doing>: <file>: <reason>}", with a readable reason for the usual file errors. */
    static LauncherException io(String doing, IOException e) {
        return new LauncherException(doing + ": " + reason(e), e);
    }

    static String reason(IOException e) {
        if (e instanceof FileSystemException fse) {
            String reason = fse.getReason() != null ? fse.getReason() : standardReason(fse);
            String other = fse.getOtherFile() != null ? " -> " + fse.getOtherFile() : "";
            return fse.getFile() + other + ": " + reason;
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getName();
    }

    private static String standardReason(FileSystemException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "exists and is not a directory";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        return e.getClass().getSimpleName();
    }
}
