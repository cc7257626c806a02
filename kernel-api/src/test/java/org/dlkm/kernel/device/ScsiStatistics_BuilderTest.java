package org.dlkm.kernel.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScsiStatistics_BuilderTest {

    @Test
    void aCounterThatIsNotSetIsZero() {
        ScsiStatistics s = ScsiStatistics.builder().commands(2).build();

        assertEquals(2, s.commands());
        assertEquals(0, s.blocksRead());
        assertEquals(0, s.blocksWritten());
        assertEquals(0, s.errors());
    }

    @Test
    void eachCounterKeepsWhatWasSet() {
        ScsiStatistics s = ScsiStatistics.builder().commands(1).blocksRead(2).blocksWritten(3).errors(4).build();

        assertEquals(1, s.commands());
        assertEquals(2, s.blocksRead());
        assertEquals(3, s.blocksWritten());
        assertEquals(4, s.errors());
    }

    @Test
    void aNegativeCountIsRefusedWithTheCounterNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScsiStatistics.builder().blocksWritten(-8));

        assertEquals("blocksWritten is -8: a counter cannot be negative", e.getMessage());
    }

    @Test
    void statisticsWithTheSameCountsAreEqual() {
        ScsiStatistics.Builder b = ScsiStatistics.builder().commands(5).blocksRead(40);

        assertEquals(b.build(), b.build());
        assertEquals(b.build().hashCode(), b.build().hashCode());
        assertNotEquals(b.build(), b.errors(1).build());
    }
}
