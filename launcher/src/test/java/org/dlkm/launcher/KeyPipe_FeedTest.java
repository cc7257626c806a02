package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class KeyPipe_FeedTest {

    private final KeyPipe keys = new KeyPipe();

    @Test
    void aFeedReadsTheKeystrokesInOrder() throws Exception {
        KeyPipe.Feed feed = keys.open();
        type("ab");
        type("c");

        byte[] buffer = new byte[8];
        assertEquals(2, feed.read(buffer, 0, 8));
        assertEquals('c', feed.read());
    }

    @Test
    void endingAFeedEndsItsReaderAtOnceAndTheNextFeedReadsWhatFollows() throws Exception {
        KeyPipe.Feed shell = keys.open();
        CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(() -> read(shell));

        shell.end();

        assertEquals(-1, blocked.get(5, TimeUnit.SECONDS));
        KeyPipe.Feed next = keys.open();
        type("x");
        assertEquals('x', next.read());
    }

    @Test
    void openingANewFeedEndsThePreviousOne() throws Exception {
        KeyPipe.Feed old = keys.open();
        keys.open();
        type("y");

        assertEquals(-1, old.read());
    }

    @Test
    void theEndOfTheKeyboardEndsTheFeedOnceItIsReadDry() throws Exception {
        KeyPipe.Feed feed = keys.open();
        type("z");
        keys.endOfInput();

        assertFalse(keys.hasEnded());
        assertEquals('z', feed.read());
        assertEquals(-1, feed.read());
        assertTrue(keys.hasEnded());
    }

    private void type(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        keys.write(bytes, 0, bytes.length);
    }

    private static int read(KeyPipe.Feed feed) {
        try {
            return feed.read();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
