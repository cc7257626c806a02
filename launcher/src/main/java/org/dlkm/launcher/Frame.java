package org.dlkm.launcher;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One message of the attach protocol, which a shell and the kernel it attaches to speak over the home's
 * Unix-domain socket: a type and a payload. On the wire a frame is the type's byte, the payload's length (four
 * bytes, big-endian) and the payload.
 *
 * <p>A conversation: the shell sends {@link Type#HELLO}; the kernel answers {@link Type#WELCOME} or
 * {@link Type#REFUSED}. A script session then sends its commands ({@link Type#LINE} each, then {@link Type#END}),
 * a terminal session its keystrokes ({@link Type#INPUT}) and window sizes ({@link Type#WINDOW}); the kernel sends
 * what the commands print ({@link Type#OUT}, {@link Type#ERR}) and, last, {@link Type#EXIT}. A connection that
 * ends without {@code EXIT} means that the kernel died.
 *
 * <p>Immutable, apart from the payload array, which nobody changes once the frame is built.
 *
 * @param type what the frame is
 * @param payload its bytes: UTF-8 text, {@link Fields}, or terminal bytes
 */
record Frame(Type type, byte[] payload) {

    /** The protocol version a {@code HELLO} names; a kernel refuses any other. */
    static final String VERSION = "1";

    /** The frame types, each with its byte on the wire. */
    enum Type {
        /** shell to kernel, first: {@link Fields} of the session asked for ({@link Hello}). */
        HELLO('H'),
        /** shell to kernel: one command of a script, UTF-8. */
        LINE('L'),
        /** shell to kernel: the script has no more commands. */
        END('E'),
        /** shell to kernel: keystrokes, raw bytes. */
        INPUT('I'),
        /** shell to kernel: the terminal's size, fields {@code columns} and {@code rows}. */
        WINDOW('W'),
        /** kernel to shell: the session is open; fields {@code pid}, {@code home}, {@code hardware}. */
        WELCOME('K'),
        /** kernel to shell: no session; fields {@code message} and {@code retry} (the kernel is stopping). */
        REFUSED('R'),
        /** kernel to shell: bytes for standard output (or the terminal). */
        OUT('O'),
        /** kernel to shell: bytes for standard error. */
        ERR('X'),
        /** kernel to shell, last: fields {@code status}, {@code reason} ({@code done}, {@code halted}), {@code ran}. */
        EXIT('Z');

        private final byte code;

        Type(char code) {
            this.code = (byte) code;
        }

        byte code() {
            return code;
        }

        static Type of(int code) {
            for (Type type : values()) {
                if (type.code == code) {
                    return type;
                }
            }
            throw new IllegalArgumentException("no frame type '" + (char) code + "' (" + code + ")");
        }
    }

    static Frame text(Type type, String text) {
        return new Frame(type, text.getBytes(StandardCharsets.UTF_8));
    }

    static Frame fields(Type type, Map<String, String> fields) {
        return text(type, Fields.format(fields));
    }

    static Frame empty(Type type) {
        return new Frame(type, new byte[0]);
    }

    String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    Map<String, String> fields() {
        return Fields.parse(text());
    }
}
