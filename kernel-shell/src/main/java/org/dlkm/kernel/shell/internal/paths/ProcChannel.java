package org.dlkm.kernel.shell.internal.paths;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.proc.ProcTree;

/**
 * An open entry of the kernel's proc tree, as a redirection opens it. Opened to read, it holds the entry's text as it
 * was at the open. Opened to write ({@code >} or {@code >>}, which mean the same here), every write a command makes
 * is one write to the entry, as a {@code write(2)} to a Linux proc file is: {@code echo "104 nfshaper 1m 2m 160k"}
 * makes one. A write of nothing but line ends is no write (a {@link java.io.PrintStream}'s {@code println} writes its
 * line end apart from its text), and one trailing line end is removed from the text the entry gets. A write the entry
 * refuses throws {@link ProcWriteFailure}, so that the command fails with the entry's reason.
 *
 * <p>Not thread-safe: one command writes or reads it.
 */
final class ProcChannel implements SeekableByteChannel {
    private final ProcTree proc;
    private final String path;
    private final ByteBuffer text;
    private final CharsetDecoder decoder;
    private long written;
    private boolean open = true;

    private ProcChannel(ProcTree proc, String path, ByteBuffer text) {
        this.proc = proc;
        this.path = path;
        this.text = text;
        this.decoder = text == null ? StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE) : null;
    }

    /**
     * @throws ProcAccessException {@code ENOENT} for an absent entry, {@code EISDIR} for a directory, {@code EACCES}
     *     to write an entry published without a writer, or what its reader refused
     */
    static ProcChannel open(ProcTree proc, String path, Set<? extends OpenOption> options) throws ProcAccessException {
        boolean write = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
        if (!proc.exists(path)) {
            throw new ProcAccessException(Errno.ENOENT, path + ": no such file or directory in the kernel's proc tree");
        }
        if (proc.isDirectory(path)) {
            throw new ProcAccessException(Errno.EISDIR, path + ": is a directory of the kernel's proc tree, not an"
                    + " entry");
        }
        if (write) {
            if (options.contains(StandardOpenOption.READ)) {
                throw new ProcAccessException(Errno.EINVAL, path + ": a proc entry opens to read or to write, not both");
            }
            if (!proc.isWritable(path)) {
                throw new ProcAccessException(Errno.EACCES, path + ": read-only proc entry");
            }
            return new ProcChannel(proc, path, null);
        }
        try {
            return new ProcChannel(proc, path, ByteBuffer.wrap(proc.read(path).getBytes(StandardCharsets.UTF_8)));
        } catch (KernelException e) {
            throw new ProcAccessException(path, e);
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (text == null) {
            throw new NonReadableChannelException();
        }
        if (!text.hasRemaining()) {
            return -1;
        }
        int n = Math.min(dst.remaining(), text.remaining());
        ByteBuffer slice = text.slice();
        slice.limit(n);
        dst.put(slice);
        text.position(text.position() + n);
        return n;
    }

    /** @throws ProcWriteFailure if the entry refuses the write */
    @Override
    public int write(ByteBuffer src) throws IOException {
        ensureOpen();
        if (text != null) {
            throw new NonWritableChannelException();
        }
        int n = src.remaining();
        CharBuffer chars = CharBuffer.allocate((int) (n * (double) decoder.maxCharsPerByte()) + 1);
        decoder.decode(src, chars, false);
        chars.flip();
        String s = chars.toString();
        src.position(src.limit());
        written += n;
        String line = s.endsWith("\r\n") ? s.substring(0, s.length() - 2)
                : s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        boolean onlyLineEnds = s.chars().allMatch(c -> c == '\n' || c == '\r');
        if (!onlyLineEnds) {
            try {
                proc.write(path, line);
            } catch (KernelException e) {
                throw new ProcWriteFailure(path, e);
            }
        }
        return n;
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return text != null ? text.position() : written;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (text != null && newPosition <= text.limit()) {
            text.position((int) newPosition);
        }
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return text != null ? text.limit() : written;
    }

    /** Truncating a proc entry is no change: an entry is rewritten by each write. */
    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        ensureOpen();
        return this;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
