package org.dlkm.kernel.runtime.internal.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;

/**
 * A tunable's value as written: an integer ({@code 64}, {@code 0x40}, {@code -1}) or, as on HP-UX, a formula over
 * other tunables ({@code (20+8*MAXUSERS)}): integers, tunable names (case ignored), {@code + - * /} (integer
 * division, truncating) with the usual precedence, unary minus and parentheses. Evaluation is in 64-bit integers; an
 * overflow or a division by zero is an error, never a wrapped value.
 *
 * <p>Immutable and safe to share between threads.
 */
final class TunableFormula {
    /** Looks up another tunable's value while a formula is evaluated. */
    interface Names {
        /**
         * @param name a name the formula uses, in lower case
         * @return its value
         * @throws KernelException if it has none (unknown, or in a cycle)
         */
        long valueOf(String name) throws KernelException;
    }

    private final String text;
    private final Node root;

    private TunableFormula(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    /**
     * @param text the value as written, without white space
     * @return the parsed value
     * @throws KernelException {@code EINVAL} naming the text, the position and what was expected
     */
    static TunableFormula parse(String text) throws KernelException {
        Parser p = new Parser(text);
        Node root = p.expression();
        if (p.at < text.length()) {
            throw p.fail("unexpected '" + text.charAt(p.at) + "'");
        }
        return new TunableFormula(text, root);
    }

    /**
     * @param value an integer
     * @return the value written as that integer
     */
    static TunableFormula literal(long value) {
        return new TunableFormula(Long.toString(value), new Literal(value));
    }

    /** @return the value as written */
    String text() {
        return text;
    }

    /** @return whether this is a plain integer rather than a formula */
    boolean isLiteral() {
        return root instanceof Literal;
    }

    /** @return the tunable names the formula uses, in lower case, in order of appearance, with repeats */
    List<String> names() {
        List<String> names = new ArrayList<>();
        root.collect(names);
        return names;
    }

    /**
     * @param names the values of the names it uses
     * @return its value
     * @throws KernelException {@code ERANGE} for an overflow, {@code EINVAL} for a division by zero, or what
     *         {@code names} throws
     */
    long evaluate(Names names) throws KernelException {
        return root.value(names, text);
    }

    @Override
    public String toString() {
        return text;
    }

    private interface Node {
        long value(Names names, String text) throws KernelException;

        void collect(List<String> names);
    }

    private record Literal(long value) implements Node {
        @Override
        public long value(Names names, String text) {
            return value;
        }

        @Override
        public void collect(List<String> names) {
        }
    }

    private record Name(String name) implements Node {
        @Override
        public long value(Names names, String text) throws KernelException {
            return names.valueOf(name);
        }

        @Override
        public void collect(List<String> names) {
            names.add(name);
        }
    }

    private record Negation(Node operand) implements Node {
        @Override
        public long value(Names names, String text) throws KernelException {
            try {
                return Math.negateExact(operand.value(names, text));
            } catch (ArithmeticException e) {
                throw overflow(text);
            }
        }

        @Override
        public void collect(List<String> names) {
            operand.collect(names);
        }
    }

    private record Binary(char operator, Node left, Node right) implements Node {
        @Override
        public long value(Names names, String text) throws KernelException {
            long a = left.value(names, text);
            long b = right.value(names, text);
            try {
                switch (operator) {
                case '+':
                    return Math.addExact(a, b);
                case '-':
                    return Math.subtractExact(a, b);
                case '*':
                    return Math.multiplyExact(a, b);
                default:
                    if (b == 0) {
                        throw new KernelException(Errno.EINVAL, "formula " + text + " divides by zero");
                    }
                    if (a == Long.MIN_VALUE && b == -1) {
                        throw overflow(text);
                    }
                    return a / b;
                }
            } catch (ArithmeticException e) {
                throw overflow(text);
            }
        }

        @Override
        public void collect(List<String> names) {
            left.collect(names);
            right.collect(names);
        }
    }

    private static KernelException overflow(String text) {
        return new KernelException(Errno.ERANGE, "formula " + text + " overflows a 64-bit integer");
    }

    /** A recursive-descent parser over one text. Confined to the calling thread. */
    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        Node expression() throws KernelException {
            Node left = term();
            while (at < text.length() && (peek() == '+' || peek() == '-')) {
                char op = text.charAt(at++);
                left = new Binary(op, left, term());
            }
            return left;
        }

        private Node term() throws KernelException {
            Node left = factor();
            while (at < text.length() && (peek() == '*' || peek() == '/')) {
                char op = text.charAt(at++);
                left = new Binary(op, left, factor());
            }
            return left;
        }

        private Node factor() throws KernelException {
            if (at >= text.length()) {
                throw fail("it ends where a number, a tunable name or '(' was expected");
            }
            char c = peek();
            if (c == '(') {
                at++;
                Node inner = expression();
                if (at >= text.length() || peek() != ')') {
                    throw fail("a ')' is missing");
                }
                at++;
                return inner;
            }
            if (c == '-') {
                at++;
                Node operand = factor();
                return operand instanceof Literal l && l.value() != Long.MIN_VALUE ? new Literal(-l.value())
                        : new Negation(operand);
            }
            if (c == '+') {
                at++;
                return factor();
            }
            if (c >= '0' && c <= '9') {
                return number();
            }
            if (isLetter(c)) {
                int start = at;
                while (at < text.length() && (isLetter(peek()) || isDigit(peek()) || peek() == '_')) {
                    at++;
                }
                return new Name(text.substring(start, at).toLowerCase(Locale.ROOT));
            }
            throw fail("unexpected '" + c + "' where a number, a tunable name or '(' was expected");
        }

        private Node number() throws KernelException {
            int start = at;
            boolean hex = text.startsWith("0x", at) || text.startsWith("0X", at);
            if (hex) {
                at += 2;
            }
            while (at < text.length() && (isDigit(peek()) || hex && "abcdefABCDEF".indexOf(peek()) >= 0)) {
                at++;
            }
            if (at < text.length() && (isLetter(peek()) || peek() == '_')) {
                throw fail("'" + peek() + "' after the number " + text.substring(start, at));
            }
            String digits = hex ? text.substring(start + 2, at) : text.substring(start, at);
            if (digits.isEmpty()) {
                throw fail("no hexadecimal digits after 0x");
            }
            try {
                return new Literal(Long.parseLong(digits, hex ? 16 : 10));
            } catch (NumberFormatException e) {
                throw new KernelException(Errno.ERANGE, "'" + text + "': the number " + text.substring(start, at)
                        + " is too large for a 64-bit integer");
            }
        }

        private char peek() {
            return text.charAt(at);
        }

        private static boolean isLetter(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        KernelException fail(String reason) {
            return new KernelException(Errno.EINVAL, "'" + text + "' is neither an integer nor a formula: " + reason
                    + " at character " + (at + 1) + "; write an integer or a formula of integers, tunable names,"
                    + " + - * / and parentheses, such as (20+8*MAXUSERS)");
        }
    }
}
