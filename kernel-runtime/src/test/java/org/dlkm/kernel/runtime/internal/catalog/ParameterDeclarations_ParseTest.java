package org.dlkm.kernel.runtime.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.ParameterInfo;
import org.dlkm.kernel.ParameterType;
import org.junit.jupiter.api.Test;

class ParameterDeclarations_ParseTest {

    private static final String E100 = "speed;type=int;min=0;max=1000;default=0;description=\"link speed, in Mbit/s\","
            + "debug;type=bool;default=n,"
            + "ifname;type=string;default=eth,"
            + "rxbytes;type=long;default=0x100000000";

    private static ParameterDeclarations e100() throws KernelException {
        return ParameterDeclarations.parse("e100", E100);
    }

    private static KernelException refusedDeclaration(String header) {
        return assertThrows(KernelException.class, () -> ParameterDeclarations.parse("e100", header));
    }

    @Test
    void aModuleWithoutTheHeaderDeclaresNothing() throws Exception {
        assertEquals(List.of(), ParameterDeclarations.parse("nfshaper", null).all());
    }

    @Test
    void declarationsAreListedInDeclarationOrder() throws Exception {
        assertEquals(List.of("speed", "debug", "ifname", "rxbytes"),
                e100().all().stream().map(ParameterInfo::name).toList());
    }

    @Test
    void aDeclarationCarriesTypeBoundsDefaultAndDescription() throws Exception {
        ParameterInfo speed = e100().all().get(0);

        assertEquals(ParameterType.INT, speed.type());
        assertEquals(Optional.of(0L), speed.min());
        assertEquals(Optional.of(1000L), speed.max());
        assertEquals("0", speed.defaultValue());
        assertEquals("link speed, in Mbit/s", speed.description());
    }

    @Test
    void boundsAreOptional() throws Exception {
        ParameterInfo ifname = e100().all().get(2);

        assertEquals(Optional.empty(), ifname.min());
        assertEquals(Optional.empty(), ifname.max());
        assertEquals("", ifname.description());
    }

    @Test
    void theTypeIsCaseInsensitive() throws Exception {
        ParameterDeclarations d = ParameterDeclarations.parse("m", "a;type=INT;default=1,b;type=Bool;default=y");

        assertEquals(List.of(ParameterType.INT, ParameterType.BOOL), d.all().stream().map(ParameterInfo::type).toList());
    }

    @Test
    void boundsMayBeHexadecimalOrNegative() throws Exception {
        ParameterInfo p = ParameterDeclarations.parse("m", "p;type=int;min=-8;max=0x10;default=0").all().get(0);

        assertEquals(Optional.of(-8L), p.min());
        assertEquals(Optional.of(16L), p.max());
    }

    @Test
    void aBadDeclarationIsRefusedAsNotExecutableAndAsksForARebuild() {
        KernelException e = refusedDeclaration("speed;type=int");

        assertEquals(Errno.ENOEXEC, e.errno());
        assertEquals("e100: bad DLKM-Parameters declaration: parameter 'speed' has no default;"
                + " the module jar must be rebuilt", e.getMessage());
    }

    @Test
    void aNameThatIsNotAnIdentifierIsRefused() {
        KernelException e = refusedDeclaration("1speed;type=int;default=0");

        assertEquals(Errno.ENOEXEC, e.errno());
        assertTrue(e.getMessage().contains("'1speed' is not a valid parameter name"), e.getMessage());
    }

    @Test
    void aNameWithAHyphenIsRefused() {
        KernelException e = refusedDeclaration("link-speed;type=int;default=0");

        assertTrue(e.getMessage().contains("'link-speed' is not a valid parameter name"), e.getMessage());
    }

    @Test
    void aDeclarationWithoutATypeIsRefused() {
        KernelException e = refusedDeclaration("speed;default=0");

        assertEquals(Errno.ENOEXEC, e.errno());
        assertTrue(e.getMessage().contains("parameter 'speed' has no type"), e.getMessage());
    }

    @Test
    void aDeclarationWithoutADefaultIsRefused() {
        KernelException e = refusedDeclaration("speed;type=int;min=0");

        assertTrue(e.getMessage().contains("parameter 'speed' has no default"), e.getMessage());
    }

    @Test
    void anUnknownTypeIsRefusedNamingTheKnownTypes() {
        KernelException e = refusedDeclaration("ratio;type=float;default=0.5");

        assertEquals(Errno.ENOEXEC, e.errno());
        assertTrue(e.getMessage().contains("parameter 'ratio' has unknown type 'float' (int, long, bool, string)"),
                e.getMessage());
    }

    @Test
    void aNonNumericMinimumIsRefused() {
        KernelException e = refusedDeclaration("speed;type=int;min=zero;default=0");

        assertTrue(e.getMessage().contains("parameter 'speed' has a non-numeric bound"), e.getMessage());
    }

    @Test
    void aBoundInDigitsOutsideAsciiIsRefusedNamingTheDigit() {
        KernelException e = refusedDeclaration("speed;type=int;max=１０;default=0");

        assertTrue(e.getMessage().contains("parameter 'speed' has a non-numeric bound max='１０' (U+FF11 FULLWIDTH"
                + " DIGIT ONE at column 1)"), e.getMessage());
    }

    @Test
    void aNonNumericMaximumIsRefused() {
        KernelException e = refusedDeclaration("speed;type=int;max=lots;default=0");

        assertTrue(e.getMessage().contains("parameter 'speed' has a non-numeric bound"), e.getMessage());
    }

    @Test
    void aParameterDeclaredTwiceIsRefused() {
        KernelException e = refusedDeclaration("speed;type=int;default=0,speed;type=long;default=1");

        assertEquals(Errno.ENOEXEC, e.errno());
        assertTrue(e.getMessage().contains("parameter 'speed' is declared twice"), e.getMessage());
    }

    @Test
    void aDefaultOfTheWrongTypeIsRefused() {
        KernelException e = refusedDeclaration("speed;type=int;default=fast");

        assertEquals(Errno.ENOEXEC, e.errno());
        assertTrue(e.getMessage().contains("default of 'speed' is invalid: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; the module jar must be rebuilt"), e.getMessage());
    }

    @Test
    void aDefaultOutsideTheBoundsIsRefused() {
        KernelException e = refusedDeclaration("speed;type=int;min=0;max=1000;default=10000");

        assertEquals(Errno.ENOEXEC, e.errno());
        assertTrue(e.getMessage().contains("default of 'speed' is invalid: "), e.getMessage());
        assertTrue(e.getMessage().contains("out of range 0-1000"), e.getMessage());
    }

    @Test
    void aBooleanDefaultThatIsNotABooleanIsRefused() {
        KernelException e = refusedDeclaration("debug;type=bool;default=maybe");

        assertTrue(e.getMessage().contains("default of 'debug' is invalid: "), e.getMessage());
    }

    @Test
    void anUnterminatedQuoteIsRefusedAsABadDeclaration() {
        KernelException e = refusedDeclaration("speed;type=int;default=0;description=\"link speed");

        assertEquals(Errno.ENOEXEC, e.errno());
        assertTrue(e.getMessage().startsWith("e100: bad DLKM-Parameters declaration: unterminated quote"),
                e.getMessage());
    }

    @Test
    void anAttributeWithoutAValueIsRefusedAsABadDeclaration() {
        KernelException e = refusedDeclaration("speed;type=int;default=0;hidden");

        assertEquals(Errno.ENOEXEC, e.errno());
    }
}
