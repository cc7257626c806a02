package org.dlkm.kernel.runtime.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.config.SystemDescription.Tunable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemDescriptionTest {
    @TempDir
    Path dir;

    private static SystemDescription parse(String text) throws KernelException {
        return SystemDescription.parse("system", text.getBytes(StandardCharsets.UTF_8));
    }

    private static String refusal(String text) {
        KernelException e = assertThrows(KernelException.class, () -> parse(text));
        assertEquals(Errno.EINVAL, e.errno());
        return e.getMessage();
    }

    @Test
    void readsTheStaticModulesSortedAndTheTunablesInFileOrder() throws Exception {
        SystemDescription s = parse("* c\n$VERSION\n1\n$$$\n$STATIC\nnfshaper\ne100\n$$$\n$TUNABLE\n"
                + "nproc (20+8*MAXUSERS)\n"
                + "maxusers 64\n$$$\n");
        assertEquals(List.of("e100", "nfshaper"), s.staticModules());
        assertEquals(List.of(new Tunable("nproc", "(20+8*MAXUSERS)"), new Tunable("maxusers", "64")), s.tunables());
    }

    @Test
    void aFileOfTheTunablesWorkWithoutStaticSectionReadsAsNoStaticModules() throws Exception {
        SystemDescription s = parse("$VERSION\n1\n$$$\n$TUNABLE\nmaxusers 32\n$$$\n");
        assertEquals(List.of(), s.staticModules());
        assertEquals(1, s.tunables().size());
    }

    @Test
    void whatItWritesReadsBackTheSame() throws Exception {
        SystemDescription s = new SystemDescription(List.of("vmklinux", "e100"), List.of(new Tunable("maxusers", "8")));
        Path file = dir.resolve("system");
        s.write(file);
        assertEquals(s, SystemDescription.read(file));
    }

    @Test
    void malformedFilesAreRefusedWithTheFileAndTheLine() {
        assertEquals("system: line 6: module e100 is named twice (first on line 5)",
                refusal("$VERSION\n1\n$$$\n$STATIC\ne100\ne100\n$$$\n"));
        assertEquals("system: line 5: a $STATIC line names one module; found 'e100 Y'",
                refusal("$VERSION\n1\n$$$\n$STATIC\ne100 Y\n$$$\n"));
        assertEquals("system: line 5: a $TUNABLE line is 'name value'; found 'maxusers'",
                refusal("$VERSION\n1\n$$$\n$TUNABLE\nmaxusers\n$$$\n"));
        assertEquals("system: line 6: tunable MAXUSERS is given twice (first on line 5)",
                refusal("$VERSION\n1\n$$$\n$TUNABLE\nmaxusers 1\nMAXUSERS 2\n$$$\n"));
        assertEquals(true, refusal("$VERSION\n1\n$$$\n$STATIC\n9lives\n$$$\n").startsWith("system: line 5: bad module"
                + " name '9lives'"));
        assertEquals(true, refusal("$VERSION\n1\n$$$\n$DRIVER\ne100\n$$$\n").startsWith("system: line 4: "));
        assertEquals(true, refusal("$STATIC\ne100\n$$$\n").contains("$VERSION"));
    }

    @Test
    void aMissingFileIsEnoent() {
        KernelException e = assertThrows(KernelException.class, () -> SystemDescription.read(dir.resolve("none")));
        assertEquals(Errno.ENOENT, e.errno());
    }
}
