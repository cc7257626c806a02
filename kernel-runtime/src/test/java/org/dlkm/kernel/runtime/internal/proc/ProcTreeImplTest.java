package org.dlkm.kernel.runtime.internal.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.proc.ProcReader;
import org.junit.jupiter.api.Test;

class ProcTreeImplTest {

    private static final String VMNIC0 = "/proc/vmware/net/vmnic0";

    private final ProcTreeImpl proc = new ProcTreeImpl();

    private void publish(String path, String text) throws KernelException {
        proc.publish(path, "test", () -> text, null);
    }

    private KernelException refusedPublish(String path) {
        return assertThrows(KernelException.class, () -> proc.publish(path, "e100", () -> "", null));
    }

    // publish and read

    @Test
    void aPublishedEntryReadsAsItsReadersText() throws Exception {
        publish(VMNIC0, "Link up\n");

        assertEquals("Link up\n", proc.read(VMNIC0));
    }

    @Test
    void theReaderIsAskedAgainOnEveryRead() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        ProcReader counter = () -> "reads " + reads.incrementAndGet() + "\n";
        proc.publish("/proc/vmware/counter", "test", counter, null);

        assertEquals("reads 1\n", proc.read("/proc/vmware/counter"));
        assertEquals("reads 2\n", proc.read("/proc/vmware/counter"));
    }

    @Test
    void aTakenPathCannotBePublishedAgainAndTheMessageNamesWhoHasIt() throws Exception {
        proc.publish(VMNIC0, "e100", () -> "", null);

        KernelException e = assertThrows(KernelException.class, () -> proc.publish(VMNIC0, "tulip", () -> "", null));

        assertEquals(Errno.EEXIST, e.errno());
        assertEquals("proc entry " + VMNIC0 + " already exists (published by e100)", e.getMessage());
    }

    @Test
    void theFirstPublisherKeepsATakenPath() throws Exception {
        publish(VMNIC0, "first\n");

        assertThrows(KernelException.class, () -> publish(VMNIC0, "second\n"));

        assertEquals("first\n", proc.read(VMNIC0));
    }

    @Test
    void anEntryCannotBePublishedWhereADirectoryIs() throws Exception {
        publish(VMNIC0, "");

        KernelException e = refusedPublish("/proc/vmware/net");

        assertEquals(Errno.EEXIST, e.errno());
        assertEquals("proc path /proc/vmware/net is a directory", e.getMessage());
    }

    @Test
    void anEntryCannotBePublishedBelowAnotherEntry() throws Exception {
        publish("/proc/vmware/log", "");

        assertThrows(KernelException.class, () -> publish("/proc/vmware/log/extra", ""));

        assertEquals(List.of("log"), proc.list("/proc/vmware"));
    }

    @Test
    void aPathOutsideProcIsInvalid() {
        KernelException e = refusedPublish("/etc/passwd");

        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("proc path '/etc/passwd' must be an absolute path under /proc without . or .. segments", e.getMessage());
    }

    @Test
    void aRelativePathIsInvalid() {
        assertEquals(Errno.EINVAL, refusedPublish("proc/vmware/net/vmnic0").errno());
        assertEquals(Errno.EINVAL, refusedPublish("vmnic0").errno());
    }

    @Test
    void procItselfCannotBePublished() {
        assertEquals(Errno.EINVAL, refusedPublish("/proc").errno());
        assertEquals(Errno.EINVAL, refusedPublish("/proc/").errno());
    }

    @Test
    void aPathThatMerelyStartsWithProcIsInvalid() {
        assertEquals(Errno.EINVAL, refusedPublish("/procfs/x").errno());
    }

    @Test
    void aPathWithAnEmptySegmentIsInvalid() {
        assertEquals(Errno.EINVAL, refusedPublish("/proc/vmware//vmnic0").errno());
    }

    @Test
    void aBlankOrNullPathIsInvalid() {
        assertEquals(Errno.EINVAL, refusedPublish("  ").errno());
        assertEquals(Errno.EINVAL, refusedPublish(null).errno());
    }

    @Test
    void aPathThatLeavesProcThroughDotDotIsInvalid() {
        assertEquals(Errno.EINVAL, refusedPublish("/proc/../etc/passwd").errno());
        assertEquals(Errno.EINVAL, refusedPublish("/proc/./vmware/x").errno());
    }

    @Test
    void aTrailingSlashOnPublishIsIgnored() throws Exception {
        publish("/proc/pci/", "bus 0\n");

        assertEquals("bus 0\n", proc.read("/proc/pci"));
    }

    // implied directories

    @Test
    void procIsADirectoryEvenWhenEmpty() throws Exception {
        assertTrue(proc.isDirectory("/proc"));
        assertTrue(proc.exists("/proc"));
        assertEquals(List.of(), proc.list("/proc"));
    }

    @Test
    void theDirectoriesAboveAnEntryAppearWithIt() throws Exception {
        publish(VMNIC0, "");

        assertTrue(proc.isDirectory("/proc/vmware"));
        assertTrue(proc.isDirectory("/proc/vmware/net"));
        assertTrue(proc.exists("/proc/vmware/net"));
        assertFalse(proc.isDirectory(VMNIC0));
        assertTrue(proc.exists(VMNIC0));
    }

    @Test
    void theDirectoriesDisappearWithTheirLastEntry() throws Exception {
        publish(VMNIC0, "");
        publish("/proc/vmware/net/vmnic1", "");

        proc.remove(VMNIC0);
        assertTrue(proc.isDirectory("/proc/vmware/net"));

        proc.remove("/proc/vmware/net/vmnic1");
        assertFalse(proc.exists("/proc/vmware/net/vmnic1"));
        assertFalse(proc.exists("/proc/vmware/net"));
        assertFalse(proc.exists("/proc/vmware"));
        assertFalse(proc.isDirectory("/proc/vmware"));
        assertEquals(List.of(), proc.list("/proc"));
    }

    @Test
    void aDirectoryIsOnlyImpliedByEntriesBelowItNotByASharedPrefix() throws Exception {
        publish("/proc/vmware/netx", "");
        publish("/proc/vmware/net-stats", "");

        assertFalse(proc.isDirectory("/proc/vmware/net"));
        assertFalse(proc.exists("/proc/vmware/net"));
    }

    @Test
    void removingWhatIsNotThereChangesNothing() throws Exception {
        publish(VMNIC0, "x\n");

        proc.remove("/proc/vmware/net/vmnic9");
        proc.remove("/proc/vmware/net");

        assertEquals("x\n", proc.read(VMNIC0));
    }

    @Test
    void aPathThatWasRemovedCanBePublishedAgain() throws Exception {
        publish(VMNIC0, "old\n");
        proc.remove(VMNIC0);

        publish(VMNIC0, "new\n");

        assertEquals("new\n", proc.read(VMNIC0));
    }

    // list

    @Test
    void aListingIsSortedWithDirectoriesMarkedByASlashAndNamedOnce() throws Exception {
        publish("/proc/vmware/net/vmnic1", "");
        publish(VMNIC0, "");
        publish("/proc/vmware/log", "");
        publish("/proc/vmware/filters/xmitpush", "");
        publish("/proc/pci", "");

        assertEquals(List.of("pci", "vmware/"), proc.list("/proc"));
        assertEquals(List.of("filters/", "log", "net/"), proc.list("/proc/vmware"));
        assertEquals(List.of("vmnic0", "vmnic1"), proc.list("/proc/vmware/net"));
    }

    @Test
    void listingAnEntryIsInvalid() throws Exception {
        publish(VMNIC0, "");

        KernelException e = assertThrows(KernelException.class, () -> proc.list(VMNIC0));

        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(VMNIC0 + ": not a directory", e.getMessage());
    }

    @Test
    void listingWhatDoesNotExistIsNoSuchEntry() {
        KernelException e = assertThrows(KernelException.class, () -> proc.list("/proc/vmware/scsi"));

        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("/proc/vmware/scsi: no such file or directory in the kernel's proc tree", e.getMessage());
    }

    @Test
    void aTrailingSlashOnAListedDirectoryIsIgnored() throws Exception {
        publish(VMNIC0, "");

        assertEquals(List.of("vmnic0"), proc.list("/proc/vmware/net/"));
        assertEquals(List.of("vmware/"), proc.list("/proc//"));
    }

    // read

    @Test
    void readingWhatDoesNotExistIsNoSuchEntry() {
        KernelException e = assertThrows(KernelException.class, () -> proc.read(VMNIC0));

        assertEquals(Errno.ENOENT, e.errno());
        assertEquals(VMNIC0 + ": no such file or directory in the kernel's proc tree", e.getMessage());
    }

    @Test
    void readingADirectoryIsInvalid() throws Exception {
        publish(VMNIC0, "");

        KernelException e = assertThrows(KernelException.class, () -> proc.read("/proc/vmware/net/"));

        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("/proc/vmware/net: is a directory", e.getMessage());
    }

    @Test
    void aTrailingSlashOnAReadEntryIsIgnored() throws Exception {
        publish(VMNIC0, "Link up\n");

        assertEquals("Link up\n", proc.read(VMNIC0 + "/"));
        assertTrue(proc.exists(VMNIC0 + "/"));
    }

    @Test
    void surroundingBlanksAreIgnored() throws Exception {
        publish(VMNIC0, "Link up\n");

        assertEquals("Link up\n", proc.read("  " + VMNIC0 + " "));
    }

    // write

    @Test
    void aWriteReachesTheEntrysWriter() throws Exception {
        List<String> written = new ArrayList<>();
        proc.publish("/proc/vmware/filters/xmitpush", "nfshaper", () -> "", written::add);

        proc.write("/proc/vmware/filters/xmitpush", "vm1 nfshaper 1000000");
        proc.write("/proc/vmware/filters/xmitpush/", "vm2 nfshaper 2000000");

        assertEquals(List.of("vm1 nfshaper 1000000", "vm2 nfshaper 2000000"), written);
    }

    @Test
    void writingAReadOnlyEntryIsRefusedWithEacces() throws Exception {
        publish("/proc/pci", "");

        KernelException e = assertThrows(KernelException.class, () -> proc.write("/proc/pci", "x"));

        assertEquals(Errno.EACCES, e.errno());
        assertEquals("/proc/pci: read-only proc entry", e.getMessage());
        assertFalse(proc.isWritable("/proc/pci"));
    }

    @Test
    void writingWhatDoesNotExistIsNoSuchEntry() {
        KernelException e = assertThrows(KernelException.class, () -> proc.write("/proc/vmware/filters/xmitpush", "x"));

        assertEquals(Errno.ENOENT, e.errno());
    }

    @Test
    void writingADirectoryIsRefusedAsADirectory() throws Exception {
        publish(VMNIC0, "");

        KernelException e = assertThrows(KernelException.class, () -> proc.write("/proc/vmware/net", "x"));

        assertEquals(Errno.EISDIR, e.errno());
        assertEquals("/proc/vmware/net: is a directory, not an entry", e.getMessage());
        assertFalse(proc.isWritable("/proc/vmware/net"));
    }

    @Test
    void theWritersRefusalReachesTheCaller() throws Exception {
        KernelException refusal = new KernelException(Errno.EINVAL, "xmitpush: expected '<vm> <class> <args>'");
        proc.publish("/proc/vmware/filters/xmitpush", "nfshaper", () -> "", text -> {
            throw refusal;
        });

        KernelException e = assertThrows(KernelException.class,
                () -> proc.write("/proc/vmware/filters/xmitpush", "garbage"));

        assertEquals(refusal, e);
    }

    // readers and writers that fail: module code, whose failure must not reach the shell as a bare exception

    @Test
    void aReaderThatThrowsIsAnIoErrorNamingTheEntryItsPublisherAndTheCause() throws Exception {
        proc.publish("/proc/vmware/broken", "badmod", () -> {
            throw new NullPointerException("the ring is not allocated");
        }, null);

        KernelException e = assertThrows(KernelException.class, () -> proc.read("/proc/vmware/broken"));

        assertEquals(Errno.EIO, e.errno());
        assertEquals("/proc/vmware/broken: its reader, published by badmod, failed: java.lang.NullPointerException:"
                + " the ring is not allocated", e.getMessage());
        assertTrue(e.getCause() instanceof NullPointerException);
    }

    @Test
    void aReaderThatOverflowsItsStackIsAnIoErrorAndTheTreeStillWorks() throws Exception {
        proc.publish("/proc/vmware/deep", "badmod", ProcTreeImplTest::recurse, null);
        publish(VMNIC0, "Link up\n");

        KernelException e = assertThrows(KernelException.class, () -> proc.read("/proc/vmware/deep"));

        assertEquals(Errno.EIO, e.errno());
        assertEquals("/proc/vmware/deep: its reader, published by badmod, failed: java.lang.StackOverflowError",
                e.getMessage());
        assertEquals("Link up\n", proc.read(VMNIC0));
    }

    @Test
    void aReaderThatRunsOutOfMemoryIsOutOfMemory() throws Exception {
        proc.publish("/proc/vmware/greedy", "badmod", () -> {
            throw new OutOfMemoryError("Java heap space");
        }, null);

        KernelException e = assertThrows(KernelException.class, () -> proc.read("/proc/vmware/greedy"));

        assertEquals(Errno.ENOMEM, e.errno());
        assertTrue(e.getMessage().endsWith("failed: java.lang.OutOfMemoryError: Java heap space"), e.getMessage());
    }

    @Test
    void aReaderThatReturnsNothingIsAnIoError() throws Exception {
        proc.publish("/proc/vmware/empty", "badmod", () -> null, null);

        KernelException e = assertThrows(KernelException.class, () -> proc.read("/proc/vmware/empty"));

        assertEquals(Errno.EIO, e.errno());
        assertEquals("/proc/vmware/empty: its reader, published by badmod, returned no text", e.getMessage());
    }

    @Test
    void aWriterThatThrowsIsAnIoErrorWithItsCause() throws Exception {
        proc.publish("/proc/vmware/filters/xmitpush", "nfshaper", () -> "", text -> {
            throw new IllegalStateException("the filter is gone", new java.io.IOException("the card stopped"));
        });

        KernelException e = assertThrows(KernelException.class,
                () -> proc.write("/proc/vmware/filters/xmitpush", "vm1 nfshaper 1m"));

        assertEquals(Errno.EIO, e.errno());
        assertEquals("/proc/vmware/filters/xmitpush: its writer, published by nfshaper, failed:"
                + " java.lang.IllegalStateException: the filter is gone; caused by java.io.IOException: the card"
                + " stopped", e.getMessage());
    }

    private static String recurse() {
        return recurse() + "\n";
    }
}
