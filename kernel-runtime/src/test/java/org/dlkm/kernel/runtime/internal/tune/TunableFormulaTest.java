package org.dlkm.kernel.runtime.internal.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.junit.jupiter.api.Test;

class TunableFormulaTest {
    private static final Map<String, Long> VALUES = Map.of("maxusers", 32L, "nproc", 276L);

    private static long eval(String text) throws KernelException {
        return TunableFormula.parse(text).evaluate(VALUES::get);
    }

    @Test
    void anIntegerIsALiteralInDecimalOrHexadecimal() throws Exception {
        assertTrue(TunableFormula.parse("64").isLiteral());
        assertEquals(64, eval("64"));
        assertEquals(64, eval("0x40"));
        assertEquals(-5, eval("-5"));
    }

    @Test
    void theHpuxFormulasEvaluateWithTheUsualPrecedenceAndNamesInAnyCase() throws Exception {
        assertEquals(276, eval("(20+8*MAXUSERS)"));
        assertEquals(276, eval("20+8*maxusers"));
        assertEquals(550, eval("(16*(NPROC+16+MAXUSERS)/10+32)"));
        assertEquals(-12, eval("-(4*3)"));
        assertEquals(1, eval("7/4"));
        assertFalse(TunableFormula.parse("(20+8*MAXUSERS)").isLiteral());
        assertEquals(List.of("nproc", "maxusers"), TunableFormula.parse("(16*(NPROC+16+MAXUSERS)/10+32)").names());
    }

    @Test
    void malformedTextIsRefusedWithWhereAndWhat() {
        KernelException e = assertThrows(KernelException.class, () -> TunableFormula.parse("(20+8*MAXUSERS"));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().startsWith("'(20+8*MAXUSERS' is neither an integer nor a formula: a ')' is"
                + " missing at character 15"), e.getMessage());
        assertThrows(KernelException.class, () -> TunableFormula.parse("12abc"));
        assertThrows(KernelException.class, () -> TunableFormula.parse("2**3"));
        assertThrows(KernelException.class, () -> TunableFormula.parse(""));
        assertThrows(KernelException.class, () -> TunableFormula.parse("0x"));
        assertThrows(KernelException.class, () -> TunableFormula.parse("4 2"));
    }

    @Test
    void overflowAndDivisionByZeroAreErrorsNotWrappedValues() {
        assertEquals(Errno.ERANGE, assertThrows(KernelException.class, () -> eval("9223372036854775807+1")).errno());
        assertEquals(Errno.ERANGE, assertThrows(KernelException.class, () -> eval("99999999999999999999")).errno());
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> eval("(1/(MAXUSERS-32))")).errno());
    }
}
