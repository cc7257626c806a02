package org.dlkm.bench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalingChartsTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** @return the PNG file's image, after checking its signature */
    static BufferedImage png(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length), file + " is no PNG");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " does not decode");
        return image;
    }

    @Test
    void aPlotIsWrittenAsARealPngOfTheChartsSize() throws IOException {
        ScalingPlot plot = ScalingPlot.of(List.of(SummaryLine.parse(Runs.P7_100), SummaryLine.parse(Runs.P7_1000)))
                .get(0);
        Path file = dir.resolve("p7.png");
        ScalingCharts.writePng(plot, "demand load of a chain", file);
        BufferedImage image = png(file);
        assertEquals(ScalingCharts.WIDTH, image.getWidth());
        assertEquals(ScalingCharts.HEIGHT, image.getHeight());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "no temporary file is left");
        }
    }

    @Test
    void seriesOfOtherUnitsShareAPlotWithTheirUnitsInTheLegend() throws IOException {
        ScalingPlot plot = ScalingPlot.of(List.of(
                SummaryLine.parse("P11 boot-catalog: n=10000 1.8 s, n=100 0.04 s, ratio 45.00"),
                SummaryLine.parse("P11 kmadmin -S: n=10000 300.0 ms, n=100 3.0 ms, ratio 100.00"))).get(0);
        assertEquals(List.of("s", "ms"), plot.units());
        assertEquals("boot-catalog (s)", ScalingCharts.chart(plot, "").getXYPlot().getDataset().getSeriesKey(0));
        Path file = dir.resolve("p11.png");
        ScalingCharts.writePng(plot, "", file);
        png(file);
    }
}
