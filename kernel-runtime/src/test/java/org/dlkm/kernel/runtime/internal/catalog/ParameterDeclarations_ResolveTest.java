package org.dlkm.kernel.runtime.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.junit.jupiter.api.Test;

class ParameterDeclarations_ResolveTest {

    private static final String E100 = "speed;type=int;min=0;max=1000;default=0;description=\"link speed, in Mbit/s\","
            + "debug;type=bool;default=n,"
            + "ifname;type=string;default=eth,"
            + "rxbytes;type=long;default=0x100000000";

    private static ParameterDeclarations e100() throws KernelException {
        return ParameterDeclarations.parse("e100", E100);
    }

    private static Map<String, String> given(String... nameValues) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            given.put(nameValues[i], nameValues[i + 1]);
        }
        return given;
    }

    private static String resolved(String header, String name, String value) throws KernelException {
        return ParameterDeclarations.parse("m", header).resolve(given(name, value)).get(name);
    }

    private static KernelException refusedValue(String header, String name, String value) {
        return assertThrows(KernelException.class,
                () -> ParameterDeclarations.parse("m", header).resolve(given(name, value)));
    }

    @Test
    void everyDefaultIsFilledInWhenNothingIsGiven() throws Exception {
        assertEquals(Map.of("speed", "0", "debug", "0", "ifname", "eth", "rxbytes", "4294967296"),
                e100().resolve(Map.of()));
    }

    @Test
    void valuesComeInDeclarationOrderWhateverTheOrderGiven() throws Exception {
        Map<String, String> values = e100().resolve(given("ifname", "lan", "speed", "100"));

        assertEquals(List.of("speed", "debug", "ifname", "rxbytes"), List.copyOf(values.keySet()));
        assertEquals("100", values.get("speed"));
        assertEquals("lan", values.get("ifname"));
        assertEquals("0", values.get("debug"));
    }

    @Test
    void aModuleWithoutParametersResolvesToNothing() throws Exception {
        assertEquals(Map.of(), ParameterDeclarations.parse("nfshaper", null).resolve(Map.of()));
    }

    @Test
    void anUnknownParameterNamesTheKnownOnes() {
        KernelException e = assertThrows(KernelException.class, () -> e100().resolve(given("duplex", "full")));

        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("e100: unknown parameter 'duplex' (known parameters: speed, debug, ifname, rxbytes;"
                + " see vmkload_mod -s e100)", e.getMessage());
    }

    @Test
    void anyParameterIsUnknownToAModuleThatTakesNone() {
        KernelException e = assertThrows(KernelException.class,
                () -> ParameterDeclarations.parse("nfshaper", "").resolve(given("rate", "10")));

        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("nfshaper: unknown parameter 'rate' (it takes no parameters; see vmkload_mod -s nfshaper)",
                e.getMessage());
    }

    @Test
    void anIntegerIsNormalised() throws Exception {
        assertEquals("42", resolved("n;type=int;default=0", "n", " +42 "));
    }

    @Test
    void aNegativeIntegerIsAccepted() throws Exception {
        assertEquals("-5", resolved("n;type=int;default=0", "n", "-5"));
    }

    @Test
    void aHexadecimalIntegerIsConvertedToDecimal() throws Exception {
        assertEquals("16", resolved("n;type=int;default=0", "n", "0x10"));
    }

    @Test
    void aLeadingZeroIsStillDecimal() throws Exception {
        assertEquals("10", resolved("n;type=int;default=0", "n", "010"));
        assertEquals("8", resolved("n;type=int;default=0", "n", "08"));
    }

    @Test
    void aLongTakesValuesBeyondAnInt() throws Exception {
        assertEquals("5000000000", resolved("n;type=long;default=0", "n", "5000000000"));
    }

    @Test
    void anIntThatOverflowsThirtyTwoBitsIsOutOfRange() {
        KernelException e = refusedValue("n;type=int;default=0", "n", "2147483648");

        assertEquals(Errno.ERANGE, e.errno());
        assertEquals("m: parameter 'n' value 2147483648 does not fit an int (-2147483648 to 2147483647)", e.getMessage());
    }

    @Test
    void theLargestIntIsAccepted() throws Exception {
        assertEquals("2147483647", resolved("n;type=int;default=0", "n", "2147483647"));
        assertEquals("-2147483648", resolved("n;type=int;default=0", "n", "-2147483648"));
    }

    @Test
    void aValueAboveTheMaximumIsOutOfRangeAndTheMessageGivesTheRange() {
        KernelException e = refusedValue("speed;type=int;min=0;max=1000;default=0", "speed", "1001");

        assertEquals(Errno.ERANGE, e.errno());
        assertEquals("m: parameter 'speed' value 1001 is out of range 0-1000", e.getMessage());
    }

    @Test
    void aValueBelowTheMinimumIsOutOfRange() {
        KernelException e = refusedValue("speed;type=int;min=10;max=1000;default=10", "speed", "9");

        assertEquals(Errno.ERANGE, e.errno());
        assertEquals("m: parameter 'speed' value 9 is out of range 10-1000", e.getMessage());
    }

    @Test
    void theBoundsThemselvesAreInRange() throws Exception {
        assertEquals("10", resolved("speed;type=int;min=10;max=1000;default=10", "speed", "10"));
        assertEquals("1000", resolved("speed;type=int;min=10;max=1000;default=10", "speed", "1000"));
    }

    @Test
    void theRangeOfAParameterWithOnlyAMinimumIsOpenAbove() {
        KernelException e = refusedValue("n;type=long;min=1;default=1", "n", "0");

        assertEquals("m: parameter 'n' value 0 is out of range 1-", e.getMessage());
    }

    @Test
    void theRangeOfAParameterWithOnlyAMaximumIsOpenBelow() {
        KernelException e = refusedValue("n;type=long;max=7;default=1", "n", "8");

        assertEquals("m: parameter 'n' value 8 is out of range -7", e.getMessage());
    }

    @Test
    void anOutOfRangeHexValueIsReportedAsGiven() {
        KernelException e = refusedValue("n;type=int;min=0;max=15;default=0", "n", "0x10");

        assertEquals("m: parameter 'n' value 0x10 is out of range 0-15", e.getMessage());
    }

    @Test
    void aNonNumericIntegerIsInvalidAndTheMessageGivesTheRange() {
        KernelException e = refusedValue("speed;type=int;min=0;max=1000;default=0", "speed", "fast");

        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("m: parameter 'speed' takes an integer 0-1000, not 'fast'; write decimal digits 0-9, or 0x and"
                + " hexadecimal digits 0-9 a-f, after an optional + or -", e.getMessage());
    }

    @Test
    void aNonNumericIntegerWithoutBoundsIsInvalid() {
        KernelException e = refusedValue("n;type=long;default=0", "n", "1.5");

        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("m: parameter 'n' takes an integer, not '1.5'; write decimal digits 0-9, or 0x and hexadecimal"
                + " digits 0-9 a-f, after an optional + or -", e.getMessage());
    }

    @Test
    void aDigitOutsideAsciiIsInvalidAndTheMessageNamesIt() {
        KernelException arabic = refusedValue("debug;type=int;min=0;max=16;default=0", "debug", "٣");
        KernelException fullwidth = refusedValue("debug;type=int;min=0;max=16;default=0", "debug", "３");

        assertEquals(Errno.EINVAL, arabic.errno());
        assertEquals("m: parameter 'debug' takes an integer 0-16, not '٣' (U+0663 ARABIC-INDIC DIGIT THREE); write"
                + " decimal digits 0-9, or 0x and hexadecimal digits 0-9 a-f, after an optional + or -",
                arabic.getMessage());
        assertEquals(Errno.EINVAL, fullwidth.errno());
        assertTrue(fullwidth.getMessage().contains("not '３' (U+FF13 FULLWIDTH DIGIT THREE)"), fullwidth.getMessage());
    }

    @Test
    void aSignAfterTheHexadecimalPrefixIsInvalid() {
        for (String value : List.of("0x+5", "0x-1")) {
            KernelException e = refusedValue("debug;type=long;default=0", "debug", value);

            assertEquals(Errno.EINVAL, e.errno(), value);
            assertTrue(e.getMessage().startsWith("m: parameter 'debug' takes an integer, not '" + value + "'; write"),
                    e.getMessage());
        }
    }

    @Test
    void aSignBeforeTheHexadecimalPrefixIsAccepted() throws Exception {
        assertEquals("-1", resolved("n;type=int;default=0", "n", "-0x1"));
        assertEquals("5", resolved("n;type=int;default=0", "n", "+0x5"));
    }

    @Test
    void everyTrueSpellingOfABooleanBecomesOne() throws Exception {
        for (String yes : List.of("1", "y", "Y", "yes", "true", "TRUE", "on")) {
            assertEquals("1", resolved("debug;type=bool;default=0", "debug", yes), yes);
        }
    }

    @Test
    void everyFalseSpellingOfABooleanBecomesZero() throws Exception {
        for (String no : List.of("0", "n", "N", "no", "false", "False", "off")) {
            assertEquals("0", resolved("debug;type=bool;default=1", "debug", no), no);
        }
    }

    @Test
    void aBooleanThatIsNeitherIsInvalid() {
        KernelException e = refusedValue("debug;type=bool;default=0", "debug", "2");

        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("m: parameter 'debug' takes a boolean (0 or 1, y or n), not '2'", e.getMessage());
    }

    @Test
    void aStringIsTakenAsGiven() throws Exception {
        assertEquals(" 0x10, as is ", resolved("s;type=string;default=x", "s", " 0x10, as is "));
    }

    @Test
    void aStringMayBeEmpty() throws Exception {
        assertEquals("", resolved("s;type=string;default=x", "s", ""));
    }

    @Test
    void theFirstBadValueStopsTheResolution() {
        KernelException e = assertThrows(KernelException.class,
                () -> e100().resolve(given("speed", "2000", "debug", "perhaps")));

        assertEquals(Errno.ERANGE, e.errno());
    }
}
