package org.dlkm.kernel.runtime.internal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intent journal: a transaction changes all its files or none, and each state a crash can leave on disk, built
 * here by hand, is completed by {@link CatalogJournal#recover()} or, before the commit, left as it was.
 */
class CatalogJournalTest {

    @TempDir
    Path root;

    private CatalogJournal journal;
    private Path image;
    private Path master;
    private Path system;

    @BeforeEach
    void oldFiles() throws IOException {
        journal = new CatalogJournal(root.resolve("stand/dlkm/catalog.journal"), root);
        image = root.resolve("stand/dlkm/mod.d/e100.jar");
        master = root.resolve("usr/conf/master.d/e100");
        system = root.resolve("stand/system.d/e100");
        for (Path p : List.of(image, master, system)) {
            AtomicFiles.write(p, "old " + p.getFileName());
        }
    }

    private Path file(String name, String text) throws IOException {
        Path p = root.resolve("incoming").resolve(name);
        AtomicFiles.write(p, text);
        return p;
    }

    /** Lays out what a crash right after the commit leaves: the staged files and the journal, nothing applied. */
    private void committedNotApplied() throws IOException {
        AtomicFiles.write(CatalogJournal.stagedFor(image), "new image");
        AtomicFiles.write(CatalogJournal.stagedFor(master), "new master");
        AtomicFiles.write(journal.file(), journal.format(new CatalogJournal.Entry("kminstall -u e100 from /tmp/e100.jar",
                List.of(change(image), change(master), new CatalogJournal.Change(system, Optional.empty())))));
    }

    private static CatalogJournal.Change change(Path target) throws IOException {
        return new CatalogJournal.Change(target, Optional.of(FileDigest.sha256(CatalogJournal.stagedFor(target))));
    }

    private void assertNewState() throws IOException {
        assertEquals("new image", Files.readString(image));
        assertEquals("new master", Files.readString(master));
        assertFalse(Files.exists(system));
        assertFalse(journal.pending());
        assertFalse(Files.exists(CatalogJournal.stagedFor(image)));
        assertFalse(Files.exists(CatalogJournal.stagedFor(master)));
    }

    @Test
    void aCommittedTransactionChangesEveryFileAndLeavesNoJournalNorStagedFile() throws IOException {
        try (CatalogJournal.Transaction t = journal.begin("kminstall -u e100")) {
            t.copy(image, file("e100.jar", "new image"));
            t.put(master, "new master");
            t.delete(system);
            t.commit();
        }
        assertNewState();
    }

    @Test
    void aTransactionClosedBeforeItsCommitChangesNothingAndRemovesWhatItStaged() throws IOException {
        try (CatalogJournal.Transaction t = journal.begin("kminstall -u e100")) {
            t.copy(image, file("e100.jar", "new image"));
            t.put(master, "new master");
        }
        assertEquals("old e100.jar", Files.readString(image));
        assertEquals("old e100", Files.readString(master));
        assertFalse(Files.exists(CatalogJournal.stagedFor(image)));
        assertFalse(Files.exists(CatalogJournal.stagedFor(master)));
        assertFalse(journal.pending());
    }

    @Test
    void recoveryCompletesATransactionCommittedButNotApplied() throws IOException {
        committedNotApplied();

        CatalogJournal.Recovery r = journal.recover();

        assertNewState();
        assertEquals(List.of("completed the interrupted kminstall -u e100 from /tmp/e100.jar from its journal "
                + journal.file() + ": put .e100.jar.staged in place of " + image + ", put .e100.staged in place of "
                + master + ", deleted " + system), r.done());
        assertEquals(List.of(), r.problems());
    }

    @Test
    void recoveryCompletesATransactionInterruptedBetweenTwoRenames() throws IOException {
        committedNotApplied();
        Files.move(CatalogJournal.stagedFor(image), image, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        CatalogJournal.Recovery r = journal.recover();

        assertNewState();
        assertEquals(List.of(), r.problems());
        assertTrue(r.done().get(0).endsWith(": put .e100.staged in place of " + master + ", deleted " + system),
                r.done().get(0));
    }

    @Test
    void recoveringTwiceIsRecoveringOnce() throws IOException {
        committedNotApplied();
        journal.recover();

        CatalogJournal.Recovery again = journal.recover();

        assertNewState();
        assertEquals(CatalogJournal.Recovery.NOTHING, again);
    }

    @Test
    void aStagedFileThatDiffersFromItsChecksumIsNotRenamedAndTheJournalStays() throws IOException {
        committedNotApplied();
        Files.writeString(CatalogJournal.stagedFor(master), "damaged");

        CatalogJournal.Recovery r = journal.recover();

        assertEquals("old e100", Files.readString(master));
        assertTrue(journal.pending());
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).contains(CatalogJournal.stagedFor(master) + " does not hold what the journal"
                + " recorded"), r.problems().get(0));
        assertTrue(Files.exists(CatalogJournal.stagedFor(master)));
    }

    @Test
    void aStagedFileGoneWithoutItsContentInTheTargetIsReportedAndTheJournalStays() throws IOException {
        committedNotApplied();
        Files.delete(CatalogJournal.stagedFor(master));

        CatalogJournal.Recovery r = journal.recover();

        assertTrue(journal.pending());
        assertTrue(r.problems().get(0).contains("is gone and " + master + " does not hold the new content"),
                r.problems().get(0));
    }

    @Test
    void aJournalCutShortIsReportedWithItsLineAndLeftAlone() throws IOException {
        committedNotApplied();
        String text = Files.readString(journal.file());
        Files.writeString(journal.file(), text.substring(0, text.indexOf("end")));

        CatalogJournal.Recovery r = journal.recover();

        assertTrue(journal.pending());
        assertEquals("old e100", Files.readString(master));
        assertTrue(r.problems().get(0).startsWith("cannot read the catalog journal " + journal.file() + ": line 5: no"
                + " 'end' line"), r.problems().get(0));
    }

    @Test
    void aPendingJournalRefusesTheNextTransaction() throws IOException {
        committedNotApplied();

        IOException e = assertThrows(IOException.class, () -> journal.begin("kminstall -d e100"));
        assertTrue(e.getMessage().contains("still pending in its journal " + journal.file()), e.getMessage());
    }

    @Test
    void aJournalReadsBackAsItWasWritten() throws IOException {
        committedNotApplied();
        CatalogJournal.Entry entry = journal.parse(Files.readString(journal.file()));

        assertEquals("kminstall -u e100 from /tmp/e100.jar", entry.operation());
        assertEquals(List.of(image, master, system), entry.changes().stream().map(CatalogJournal.Change::target).toList());
        assertEquals(Optional.empty(), entry.changes().get(2).sha256());
    }

    @Test
    void aJournalNamingAPathOutsideTheHomeIsRefused() {
        String text = "dlkm catalog journal 1\noperation\tx\ndelete\t../../etc/passwd\nend\t1\n";

        IOException e = assertThrows(IOException.class, () -> journal.parse(text));
        assertTrue(e.getMessage().startsWith("line 3: '../../etc/passwd' is not a path inside the kernel home"),
                e.getMessage());
    }

    @Test
    void stagedFilesAreHiddenAndNamedAfterTheirTarget() {
        assertEquals(root.resolve("stand/dlkm/mod.d/.e100.jar.staged"), CatalogJournal.stagedFor(image));
        assertTrue(CatalogJournal.isStaged(Path.of(".e100.jar.staged")));
        assertFalse(CatalogJournal.isStaged(Path.of("e100.jar")));
        assertFalse(CatalogJournal.isStaged(Path.of(".staged")));
    }
}
