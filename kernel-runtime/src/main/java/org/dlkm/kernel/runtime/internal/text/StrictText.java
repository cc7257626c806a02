package org.dlkm.kernel.runtime.internal.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Text read from files and command lines, checked so that a refusal names what is really wrong: a byte that is not
 * UTF-8 (where {@link java.nio.file.Files#readString} says only {@code Input length = 1}), or a character that looks
 * like a space or a digit and is not one (a non-breaking space, a byte-order mark, {@code ٣}).
 *
 * <p>Stateless: safe to call from any thread.
 */
public final class StrictText {

    private static final int BYTE_ORDER_MARK = 0xFEFF;

    /**
     * Makes the caller's exception for text that cannot be used.
     *
     * @param <E> the exception the caller throws
     */
    @FunctionalInterface
    public interface Failure<E extends Exception> {
        /**
         * @param line the 1-based line the problem is on
         * @param reason what is wrong and what to do
         * @return the exception to throw; not thrown by this method
         */
        E at(int line, String reason);
    }

    private StrictText() {
    }

    /**
     * Decodes a file's bytes as UTF-8, refusing any malformed byte rather than replacing it.
     *
     * @param <E> the exception the caller throws
     * @param bytes the file's bytes
     * @param failure makes the exception, given the line of the first bad byte
     * @return the text
     * @throws E if the bytes are not UTF-8: the reason names the byte, where it is on its line, and what to do
     */
    public static <E extends Exception> String utf8(byte[] bytes, Failure<E> failure) throws E {
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
                || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
            throw failure.at(1, "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw failure.at(line, String.format(Locale.ROOT, "byte 0x%02X at byte %d of the line is not UTF-8;"
                    + " save the file as UTF-8", bytes[offset] & 0xFF, offset - lineStart + 1));
        }
        return out.flip().toString();
    }

    /**
     * @param text a line or a value
     * @return the first character that is neither printable ASCII nor a tab, {@linkplain #describe described}, with
     *         its 1-based column ({@code U+00A0 NO-BREAK SPACE at column 5}); empty if there is none
     */
    public static Optional<String> firstNonAscii(String text) {
        return oddCharacter(text).map(odd -> describe(odd.codePoint()) + " at column " + odd.column());
    }

    /**
     * Quotes a value for a message, naming its first character that is not printable ASCII, since a terminal shows
     * {@code ３} or a non-breaking space much like {@code 3} or a space.
     *
     * @param value what was given
     * @return {@code 'value'}, followed by {@code (U+FF13 FULLWIDTH DIGIT THREE)} when the value holds such a
     *         character (with its column when the value is longer than one character)
     */
    public static String quoted(String value) {
        String quoted = "'" + value + "'";
        return oddCharacter(value).map(odd -> quoted + " (" + describe(odd.codePoint())
                + (value.codePointCount(0, value.length()) > 1 ? " at column " + odd.column() : "") + ")")
                .orElse(quoted);
    }

    /** A character that is neither printable ASCII nor a tab, and its 1-based column. */
    private record Odd(int codePoint, int column) {
    }

    private static Optional<Odd> oddCharacter(String text) {
        int column = 1;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i)), column++) {
            int c = text.codePointAt(i);
            if (c != '\t' && (c < 0x20 || c > 0x7E)) {
                return Optional.of(new Odd(c, column));
            }
        }
        return Optional.empty();
    }

    /**
     * @param codePoint a character
     * @return its code point and Unicode name, such as {@code U+00A0 NO-BREAK SPACE}; a byte-order mark says so
     */
    public static String describe(int codePoint) {
        String name = Character.getName(codePoint);
        String described = String.format(Locale.ROOT, "U+%04X", codePoint) + (name == null ? "" : " " + name);
        return codePoint == BYTE_ORDER_MARK ? described + " (a byte-order mark)" : described;
    }
}
