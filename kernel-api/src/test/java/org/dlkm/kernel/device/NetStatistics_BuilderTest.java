package org.dlkm.kernel.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NetStatistics_BuilderTest {

    @Test
    void aCounterThatIsNotSetIsZero() {
        NetStatistics s = NetStatistics.builder().txPackets(3).build();

        assertEquals(3, s.txPackets());
        assertEquals(0, s.txBytes());
        assertEquals(0, s.txErrors());
        assertEquals(0, s.rxPackets());
        assertEquals(0, s.rxBytes());
    }

    @Test
    void eachCounterKeepsWhatWasSet() {
        NetStatistics s = NetStatistics.builder().txPackets(1).txBytes(2).txErrors(3).rxPackets(4).rxBytes(5).build();

        assertEquals(1, s.txPackets());
        assertEquals(2, s.txBytes());
        assertEquals(3, s.txErrors());
        assertEquals(4, s.rxPackets());
        assertEquals(5, s.rxBytes());
    }

    @Test
    void aNegativeCountIsRefusedWithTheCounterNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetStatistics.builder().rxBytes(-1));

        assertEquals("rxBytes is -1: a counter cannot be negative", e.getMessage());
    }

    @Test
    void statisticsWithTheSameCountsAreEqual() {
        NetStatistics.Builder b = NetStatistics.builder().txPackets(7).rxBytes(64);

        assertEquals(b.build(), b.build());
        assertEquals(b.build().hashCode(), b.build().hashCode());
        assertNotEquals(b.build(), b.txErrors(1).build());
    }
}
