package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dlkm.itest.modules.badproc.BadProcModule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * No cause is lost on the way to the administrator: a proc reader that throws, a file name too long for the file
 * system, a master file with a byte-order mark or a non-breaking space, a system file that is not UTF-8, a host file
 * that {@code cat} will not print each reach the shell or the kernel log as {@code command: what: why (ERRNO)} with
 * the real reason. The home registers vmklinux
 * as shipped, e100 with a Latin-1 system file, aic7xxx with a master file saved with a byte-order mark and nfshaper
 * with a non-breaking space in its master file's $TYPE line; its {@code etc/loadmods} is Latin-1.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellMessagesIT extends KernelTestSupport {

    private static final String SYSTEM = "$VERSION\n1\n$$$\n$CONFIGURE\nY\n$$$\n$LOADABLE\nY\n$$$\n$TUNABLE\n$$$\n";

    @Override
    protected void prepareHome(Path home) throws IOException {
        Path modules = Path.of(System.getProperty("dlkm.modules"));
        byte[] system = SYSTEM.getBytes(StandardCharsets.UTF_8);
        Path vmklinux = modules.resolve("vmklinux.jar");
        register(home, vmklinux, "vmklinux", masterOf(vmklinux), system);
        Path e100 = modules.resolve("e100.jar");
        register(home, e100, "e100", masterOf(e100),
                ("* syst\u00e8me e100\n" + SYSTEM).getBytes(StandardCharsets.ISO_8859_1));
        Path aic7xxx = modules.resolve("aic7xxx.jar");
        register(home, aic7xxx, "aic7xxx", ("\ufeff" + new String(masterOf(aic7xxx), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8), system);
        Path nfshaper = modules.resolve("nfshaper.jar");
        register(home, nfshaper, "nfshaper", new String(masterOf(nfshaper), StandardCharsets.UTF_8)
                .replace("nfshaper misc", "nfshaper\u00a0misc").getBytes(StandardCharsets.UTF_8), system);
        Files.write(Files.createDirectories(home.resolve("etc")).resolve("loadmods"),
                "# modules charg\u00e9s au d\u00e9marrage\nvmklinux\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    public void aSystemFileOrBootListThatIsNotUtf8IsReportedWithTheByteNotTheDecoder() {
        String log = ok("cat /proc/vmware/log");
        assertTrue(log, log.contains("stand/system.d/e100: line 1: byte 0xE8 at byte 7 of the line is not UTF-8; save"
                + " the file as UTF-8"));
        assertTrue(log, log.contains("etc/loadmods: line 1: byte 0xE9 at byte 16 of the line is not UTF-8; save the"
                + " file as UTF-8"));
        assertTrue(log, !log.contains("Input length"));
    }

    @Test
    public void aByteOrderMarkOrANonBreakingSpaceInAMasterFileIsReportedByName() {
        String log = ok("cat /proc/vmware/log");
        assertTrue(log, log.contains("usr/conf/master.d/aic7xxx: line 1: U+FEFF ZERO WIDTH NO-BREAK SPACE (a"
                + " byte-order mark) at column 1: outside comments a master file is printable ASCII, its fields"
                + " separated by spaces or tabs; remove or retype that character"));
        assertTrue(log, log.contains("usr/conf/master.d/nfshaper: line 12: U+00A0 NO-BREAK SPACE at column 9: outside"
                + " comments a master file is printable ASCII"));
    }

    @Test
    public void aProcReaderThatThrowsIsAnIoErrorNamingTheCause() throws Exception {
        ok("vmkload_mod " + TestModuleJar.build("badproc", BadProcModule.class, "misc") + " badproc");
        String npe = refused("cat /proc/vmware/badproc/npe");
        assertTrue(npe, npe.startsWith("cat: /proc/vmware/badproc/npe: its reader, published by badproc, failed:"
                + " java.lang.NullPointerException: Cannot invoke \"String.length()\""));
        assertTrue(npe, npe.endsWith(" (EIO)"));
        assertEquals("cat: /proc/vmware/badproc/deep: its reader, published by badproc, failed:"
                + " java.lang.StackOverflowError (EIO)", refused("cat /proc/vmware/badproc/deep"));
        ok("vmkload_mod -u badproc");
    }

    @Test
    public void catOfAHostFileThatIsNotSmallRegularTextIsRefusedWithTheReason() throws Exception {
        assertEquals("cat: /dev/zero: not a regular file but a device, a pipe or a socket; cat prints regular files"
                + " only (EINVAL)", refused("cat /dev/zero"));
        Path dir = Files.createTempDirectory("dlkm-cat");
        Path binary = Files.write(dir.resolve("module.so"), new byte[] {0x7f, 'E', 'L', 'F', 0});
        assertEquals("cat: " + binary + ": a binary file, not text (a NUL byte at offset 4); cat prints UTF-8 text"
                + " only (EINVAL)", refused("cat " + binary));
        Path big = Files.writeString(dir.resolve("big.log"), "x".repeat(1024 * 1024 + 1));
        assertEquals("cat: " + big + ": 1048577 bytes, larger than the 1 MiB cat prints; read it with a tool of the"
                + " host (EFBIG)", refused("cat " + big));
        Path text = Files.writeString(dir.resolve("loadmods"), "e100\n");
        assertEquals("e100", ok("cat " + text));
    }

    @Test
    public void aFileNameTooLongForTheFileSystemIsSaidSoNotNoSuchFile() throws Exception {
        Path longName = Files.createTempDirectory("dlkm-long").resolve("m".repeat(300) + ".jar");
        String why = ": file name too long: a name in it is 304 bytes, and a file name has at most 255; rename the"
                + " file or directory (ENAMETOOLONG)";
        assertEquals("kminstall: " + longName + why, refused("kminstall -a " + longName));
        assertEquals("kminstall: " + longName + why, refused("kminstall -u " + longName));
        assertEquals("vmkload_mod: module binary " + longName + why, refused("vmkload_mod " + longName + " m"));
        assertEquals("vmkload_mod: module binary " + longName + why, refused("vmkload_mod -s " + longName));
    }
}
