package org.dlkm.kernel.runtime.internal.autoload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

import org.junit.jupiter.api.Test;

/** A generated stub class forwards every method, of every type, to what its function returns, by name. */
class StubClassesTest {

    /** Every kind of parameter and result. */
    public interface Everything {
        long sum(int a, long b, double c, float d, boolean e, byte f, char g, short h, String[] i);

        void run() throws IOException;

        double half(double x);

        float third(float x);

        boolean not(boolean x);

        char next(char c);

        String[] pair(String a, String b);

        default String named() {
            return "default";
        }
    }

    interface Hidden {
        int value();
    }

    private final List<String> asked = new ArrayList<>();

    private <T> T stub(Class<T> service, Object target) {
        Function<String, Object> function = method -> {
            asked.add(method);
            return target;
        };
        Object stub = StubClasses.stub(service, function, "stub of " + service.getName()).orElseThrow().object();
        assertFalse(Proxy.isProxyClass(stub.getClass()));
        return service.cast(stub);
    }

    @Test
    void aPlatformInterfaceIsForwardedDefaultMethodsIncluded() {
        IntUnaryOperator marker = x -> -1;
        IntUnaryOperator target = new IntUnaryOperator() {
            @Override
            public int applyAsInt(int x) {
                return x * 2;
            }

            @Override
            public IntUnaryOperator andThen(IntUnaryOperator after) {
                return marker;
            }
        };
        IntUnaryOperator stub = stub(IntUnaryOperator.class, target);

        assertEquals(42, stub.applyAsInt(21));
        assertSame(marker, stub.andThen(x -> x), "a default method goes to the target's own");
        assertEquals(List.of("applyAsInt", "andThen"), asked);
    }

    @Test
    void everyParameterAndResultTypeGoesThroughUnchanged() throws Exception {
        List<String> ran = new ArrayList<>();
        Everything target = new Everything() {
            @Override
            public long sum(int a, long b, double c, float d, boolean e, byte f, char g, short h, String[] i) {
                return a + b + (long) c + (long) d + (e ? 1 : 0) + f + g + h + i.length;
            }

            @Override
            public void run() {
                ran.add("run");
            }

            @Override
            public double half(double x) {
                return x / 2;
            }

            @Override
            public float third(float x) {
                return x / 3;
            }

            @Override
            public boolean not(boolean x) {
                return !x;
            }

            @Override
            public char next(char c) {
                return (char) (c + 1);
            }

            @Override
            public String[] pair(String a, String b) {
                return new String[] {a, b};
            }

            @Override
            public String named() {
                return "target";
            }
        };
        Everything stub = stub(Everything.class, target);

        assertEquals(1 + 2_000_000_000_000L + 3 + 4 + 1 + 5 + 'a' + 6 + 2,
                stub.sum(1, 2_000_000_000_000L, 3.5, 4.5f, true, (byte) 5, 'a', (short) 6, new String[2]));
        stub.run();
        assertEquals(List.of("run"), ran);
        assertEquals(1.25, stub.half(2.5));
        assertEquals(1.0f, stub.third(3.0f));
        assertTrue(stub.not(false));
        assertEquals('b', stub.next('a'));
        assertArrayEquals(new String[] {"x", "y"}, stub.pair("x", "y"));
        assertEquals("target", stub.named());
    }

    @Test
    void whatTheTargetThrowsIsThrownAsItIsCheckedOrNot() {
        Everything target = (Everything) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Everything.class}, (p, m, a) -> {
                    throw new IOException("disk gone");
                });
        Everything stub = stub(Everything.class, target);

        assertEquals("disk gone", assertThrows(IOException.class, stub::run).getMessage());
        IllegalStateException refused = new IllegalStateException("module could not load");
        Everything failing = Everything.class.cast(StubClasses.stub(Everything.class, m -> {
            throw refused;
        }, "stub").orElseThrow().object());
        assertSame(refused, assertThrows(IllegalStateException.class, () -> failing.half(1)));
    }

    @Test
    void toStringIsTheDescriptionAndEqualityIsIdentityAsAProxysWas() {
        Comparator<String> first = stub(Comparator.class, Comparator.naturalOrder());
        Comparator<String> second = stub(Comparator.class, Comparator.naturalOrder());

        assertEquals("stub of java.util.Comparator", first.toString());
        assertTrue(first.equals(first));
        assertNotEquals(first, second);
        assertEquals(System.identityHashCode(first), first.hashCode());
        assertTrue(first.compare("a", "b") < 0);
        assertTrue(first.reversed().compare("a", "b") > 0);
    }

    @Test
    void whileItsTargetFieldIsSetEveryCallGoesToItWithoutAskingTheFunction() {
        IntUnaryOperator viaFunction = x -> x + 1;
        StubClasses.Stub stub = StubClasses.stub(IntUnaryOperator.class, m -> {
            asked.add(m);
            return viaFunction;
        }, "stub").orElseThrow();
        IntUnaryOperator calls = (IntUnaryOperator) stub.object();

        assertEquals(2, calls.applyAsInt(1));
        stub.target().accept((IntUnaryOperator) x -> x * 10);
        assertEquals(20, calls.applyAsInt(2));
        assertEquals(30, calls.applyAsInt(3));
        stub.target().accept(null);
        assertEquals(5, calls.applyAsInt(4));

        assertEquals(List.of("applyAsInt", "applyAsInt"), asked, "asked only while the field was null");
        assertThrows(ClassCastException.class, () -> stub.target().accept("not an IntUnaryOperator"));
    }

    @Test
    void anInterfaceTheKernelCannotReachGetsNoClass() {
        assertTrue(StubClasses.stub(Hidden.class, m -> null, "stub").isEmpty(), "not public");
        assertTrue(StubClasses.stub(String.class, m -> null, "stub").isEmpty(), "not an interface");
    }
}
