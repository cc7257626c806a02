package org.dlkm.kernel.runtime.internal.master;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.dlkm.kernel.runtime.internal.text.AsciiNumbers;
import org.dlkm.kernel.runtime.internal.text.StrictText;

/**
 * The section structure shared by the HP-UX per-module files, the master file ({@link MasterFileParser}) and the
 * system file: what is common to both formats, read once, so that each parser deals only with what its sections
 * mean.
 *
 * <h2>Structure</h2>
 * <pre>
 * * a comment
 * $VERSION
 * 1
 * $$$
 * $SECTION
 * field field ...
 * $$$
 * </pre>
 * <ul>
 * <li>A line whose first character other than a space or a tab is {@code *} is a comment; blank lines are ignored;
 * fields are separated by spaces and tabs.</li>
 * <li>Outside comments a line is printable ASCII and tabs: a byte-order mark, a non-breaking space, a control
 * character or a digit such as {@code ٣} is refused by name and column, since it looks like something it is not.</li>
 * <li>Content lives in sections. A section starts with its header line ({@code $NAME}, one of the names the
 * {@link Layout} allows, alone on its line) and ends with a {@code $$$} line, also alone. Sections may come in any
 * order; each at most once.</li>
 * <li>{@code $VERSION} holds one line, {@code 1}; {@link #checkVersion} checks it.</li>
 * </ul>
 * Anything else is refused with the caller's own exception, made by the {@link Failure} it passes, naming the line
 * and the reason.
 *
 * <p>Immutable and safe to share between threads once read; {@link #read} keeps its state confined to the calling
 * thread. The caller's {@link Failure} is called only on the calling thread.
 */
public final class SectionedFile {

    /** The line that ends a section. */
    public static final String END = "$$$";
    /** The header of the section holding the format version. */
    public static final String VERSION = "$VERSION";
    /** The only version of the formats there is. */
    public static final String SUPPORTED_VERSION = "1";

    /**
     * Makes the caller's exception for a refusal, so that each format keeps throwing its own type.
     *
     * @param <E> the exception the format throws
     */
    @FunctionalInterface
    public interface Failure<E extends Exception> {
        /**
         * @param line the 1-based line the problem is on
         * @param reason what is wrong and, where it helps, what is expected
         * @return the exception to throw; not thrown by this method
         */
        E at(int line, String reason);
    }

    /**
     * What a format allows, for reading and for the messages of refusals.
     *
     * @param kind the format's name in messages, such as {@code master file} ("a master file has the sections ...")
     * @param sections the section headers the format has, {@code $VERSION} among them, in the order the messages
     *        list them
     * @param exampleHeader a header named in the message for content outside any section, such as {@code $TYPE}
     */
    public record Layout(String kind, List<String> sections, String exampleHeader) {
        /** Checks that nothing is null and copies the sections. */
        public Layout {
            Objects.requireNonNull(kind, "kind");
            sections = List.copyOf(sections);
            Objects.requireNonNull(exampleHeader, "exampleHeader");
        }
    }

    /**
     * A line with content.
     *
     * @param number its 1-based number in the file
     * @param fields its white-space separated fields, at least one; copied in and out
     */
    public record Line(int number, String[] fields) {
        /** Copies the fields. */
        public Line {
            fields = fields.clone();
        }

        /** @return a copy of the fields */
        @Override
        public String[] fields() {
            return fields.clone();
        }

        /** @return the fields joined by single spaces, as messages quote the line */
        public String text() {
            return String.join(" ", fields);
        }
    }

    /**
     * A section as read.
     *
     * @param keyword its header, such as {@code $TUNABLE}
     * @param headerLine the 1-based line of its header
     * @param body its content lines, in file order; unmodifiable
     */
    public record Section(String keyword, int headerLine, List<Line> body) {
        /** Copies the body. */
        public Section {
            Objects.requireNonNull(keyword, "keyword");
            body = List.copyOf(body);
        }
    }

    private final Layout layout;
    private final int lineCount;
    private final Map<String, Section> sections;

    private SectionedFile(Layout layout, int lineCount, Map<String, Section> sections) {
        this.layout = layout;
        this.lineCount = lineCount;
        this.sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    /**
     * Reads the sections of a file.
     *
     * @param <E> the exception the format throws
     * @param lines the file's lines, without line terminators
     * @param layout the sections the format allows and how it names itself
     * @param failure makes the exception for a refusal
     * @return the sections, each read once and ended by {@code $$$}
     * @throws E for content outside a section, an unknown section, a section given twice, a section not ended by
     *         {@code $$$} before the next {@code $} line or the end of the file, a {@code $$$} that ends no section, or
     *         a header or {@code $$$} not alone on its line
     */
    public static <E extends Exception> SectionedFile read(List<String> lines, Layout layout, Failure<E> failure)
            throws E {
        return new SectionedFile(layout, lines.size(), new Reading<>(layout, failure).sections(lines));
    }

    /**
     * @param keyword a section header, such as {@code $TUNABLE}
     * @return the section, if the file has it
     */
    public Optional<Section> section(String keyword) {
        return Optional.ofNullable(sections.get(keyword));
    }

    /**
     * @param <E> the exception the format throws
     * @param keyword a section header the format requires, such as {@code $TYPE}
     * @param why why the section is needed, for the message: {@code the file has no <keyword> section; <why>}
     * @param failure makes the exception if the section is missing
     * @return the section
     * @throws E on the file's last line (line 1 for an empty file) if the file has no such section
     */
    public <E extends Exception> Section require(String keyword, String why, Failure<E> failure) throws E {
        Section s = sections.get(keyword);
        if (s == null) {
            throw failure.at(Math.max(1, lineCount), "the file has no " + keyword + " section; " + why);
        }
        return s;
    }

    /**
     * Checks that {@code $VERSION} is there and holds the single line {@code 1}.
     *
     * @param <E> the exception the format throws
     * @param unsupportedNote appended to the message for any other version, after
     *        {@code the only supported version is 1}; empty, or such as {@code , the version of the master file}
     * @param failure makes the exception for a refusal
     * @throws E if {@code $VERSION} is missing, empty, holds another version or more than one line
     */
    public <E extends Exception> void checkVersion(String unsupportedNote, Failure<E> failure) throws E {
        Section s = require(VERSION, "a " + layout.kind() + " starts with $VERSION, the line 1, and $$$", failure);
        if (s.body().isEmpty()) {
            throw failure.at(s.headerLine(), "$VERSION holds no version; the only supported version is 1");
        }
        Line version = s.body().get(0);
        if (version.fields().length != 1 || !version.fields()[0].equals(SUPPORTED_VERSION)) {
            throw failure.at(version.number(), "unsupported " + layout.kind() + " version '" + version.text()
                    + "'; the only supported version is 1" + unsupportedNote);
        }
        if (s.body().size() > 1) {
            throw failure.at(s.body().get(1).number(), "$VERSION holds one line, the version 1; found also '"
                    + s.body().get(1).text() + "'");
        }
    }

    /**
     * Reads an integer field as both formats write them: decimal, or {@code 0x} hexadecimal, optionally signed, in
     * ASCII digits ({@link AsciiNumbers#integer}).
     *
     * @param <E> the exception the format throws
     * @param line the line the field is on
     * @param field the field
     * @param what what the field is, for the message, such as {@code tunable 'e100_debug': default}
     * @param failure makes the exception for a refusal
     * @return the value
     * @throws E if the field is not such an integer, or does not fit in a {@code long}
     */
    public static <E extends Exception> long integer(Line line, String field, String what, Failure<E> failure)
            throws E {
        try {
            return AsciiNumbers.integer(field);
        } catch (NumberFormatException e) {
            throw failure.at(line.number(), what + " " + StrictText.quoted(field) + " is not an integer ("
                    + AsciiNumbers.INTEGER_FORM + ")");
        }
    }

    /** The state of one read. Confined to the calling thread. */
    private static final class Reading<E extends Exception> {
        /**
         * What separates a line's fields, compiled once: {@code String.split} with this expression compiled it for
         * every line of every master and system file, a seventh of a boot's time with 10,000 registered modules.
         */
        private static final Pattern BLANKS = Pattern.compile("[ \t]+");

        private final Layout layout;
        private final Failure<E> failure;
        private final Map<String, Section> sections = new LinkedHashMap<>();

        /** The section being read: its keyword, header line and the content so far. */
        private String openKeyword;
        private int openHeaderLine;
        private final List<Line> openBody = new ArrayList<>();

        Reading(Layout layout, Failure<E> failure) {
            this.layout = layout;
            this.failure = failure;
        }

        Map<String, Section> sections(List<String> lines) throws E {
            for (int i = 0; i < lines.size(); i++) {
                int number = i + 1;
                String trimmed = stripBlanks(lines.get(i));
                if (trimmed.isEmpty() || trimmed.startsWith("*")) {
                    continue;
                }
                Optional<String> odd = StrictText.firstNonAscii(lines.get(i));
                if (odd.isPresent()) {
                    throw failure.at(number, odd.get() + ": outside comments a " + layout.kind() + " is printable"
                            + " ASCII, its fields separated by spaces or tabs; remove or retype that character");
                }
                Line line = new Line(number, BLANKS.split(trimmed));
                String first = line.fields()[0];
                if (openKeyword == null) {
                    open(line);
                } else if (first.equals(END)) {
                    requireAlone(line, "'$$$'");
                    close();
                } else if (first.startsWith("$")) {
                    throw failure.at(openHeaderLine, "section " + openKeyword + " is not ended by '$$$' before "
                            + first + " on line " + number);
                } else {
                    openBody.add(line);
                }
            }
            if (openKeyword != null) {
                throw failure.at(openHeaderLine,
                        "section " + openKeyword + " is not ended by '$$$' before the end of the file");
            }
            return sections;
        }

        /** @return the line without the spaces and tabs around it, and nothing else: other characters are refused */
        private static String stripBlanks(String line) {
            int start = 0;
            int end = line.length();
            while (start < end && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) {
                start++;
            }
            while (end > start && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
                end--;
            }
            return line.substring(start, end);
        }

        private void open(Line line) throws E {
            String first = line.fields()[0];
            if (first.equals(END)) {
                throw failure.at(line.number(), "'$$$' ends no section: no section is open");
            }
            if (!first.startsWith("$")) {
                throw failure.at(line.number(), "'" + line.text() + "' is outside any section; content belongs"
                        + " between a section header such as " + layout.exampleHeader() + " and the '$$$' that ends"
                        + " it");
            }
            if (!layout.sections().contains(first)) {
                throw failure.at(line.number(), "unknown section '" + first + "'; a " + layout.kind()
                        + " has the sections " + String.join(", ", layout.sections()));
            }
            requireAlone(line, "section header " + first);
            Section earlier = sections.get(first);
            if (earlier != null) {
                throw failure.at(line.number(),
                        "section " + first + " is given twice (first on line " + earlier.headerLine() + ")");
            }
            openKeyword = first;
            openHeaderLine = line.number();
            openBody.clear();
        }

        private void close() {
            sections.put(openKeyword, new Section(openKeyword, openHeaderLine, openBody));
            openKeyword = null;
        }

        private void requireAlone(Line line, String what) throws E {
            if (line.fields().length > 1) {
                throw failure.at(line.number(), what + " stands alone on its line; found '" + line.text() + "'");
            }
        }
    }
}
