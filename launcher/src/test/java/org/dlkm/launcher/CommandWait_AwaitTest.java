package org.dlkm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class CommandWait_AwaitTest {

    @Test
    void returnsAtOnceWhenEveryAwaitedCommandIsRegistered() throws InterruptedException {
        AtomicInteger polls = new AtomicInteger();

        Set<String> missing = CommandWait.await(() -> Set.of("dlkm:vmkload_mod"), () -> {
            polls.incrementAndGet();
            return Set.of("dlkm:vmkload_mod", "gogo:echo");
        }, Duration.ofSeconds(10));

        assertEquals(Set.of(), missing);
        assertEquals(1, polls.get(), "one look, no waiting");
    }

    @Test
    void waitsForACommandRegisteredLater() throws InterruptedException {
        AtomicInteger polls = new AtomicInteger();

        Set<String> missing = CommandWait.await(() -> Set.of("dlkm:vmkload_mod"),
                () -> polls.incrementAndGet() < 3 ? Set.of() : Set.of("dlkm:vmkload_mod"), Duration.ofSeconds(10));

        assertEquals(Set.of(), missing);
        assertEquals(3, polls.get());
    }

    @Test
    void givesUpAfterTheTimeoutNamingWhatIsStillMissing() throws InterruptedException {
        Set<String> missing = CommandWait.await(() -> Set.of("dlkm:vmkload_mod", "gogo:echo"),
                () -> Set.of("gogo:echo"), Duration.ofMillis(100));

        assertEquals(Set.of("dlkm:vmkload_mod"), missing);
    }

    @Test
    void extraCommandsAreSeparatedByCommasOrSpacesAndLowerCased() {
        assertEquals(Set.of("dlkm:vmkload_mod", "dlkm:kmadmin"), CommandWait.parse(" dlkm:VMKLOAD_MOD, dlkm:kmadmin "));
        assertEquals(Set.of(), CommandWait.parse(null));
    }
}
