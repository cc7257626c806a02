package org.dlkm.kernel.runtime.internal.text;

import java.util.Locale;
import java.util.Optional;

/**
 * Text read from files and command lines, checked so that a refusal names what is really wrong: a character that
 * looks like a space or a digit and is not one (a non-breaking space, a byte-order mark, {@code ٣}).
 *
 * <p>Stateless: safe to call from any thread.
 */
public final class StrictText {

    private static final int BYTE_ORDER_MARK = 0xFEFF;

    private StrictText() {
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
