package io.doriscdc.pgoutput.golden;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decodes the pgoutput bytes captured from real servers ({@link GoldenCaptureIT}, one set per
 * major) and compares every value with what PostgreSQL printed for it through SQL, exactly, in
 * text and in binary mode; then checks that each message kind of the protocol showed up.
 */
class GoldenBytesTest {

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 15, 16, 17, 18})
    void everyCapturedValueDecodesToWhatSqlPrinted(int major) {
        GoldenSet set = GoldenSet.load(major);
        assertThat(set).as("golden set for PostgreSQL %d (run GoldenCaptureIT with -Dpg.version=%d -Dgolden.write=true)", major, major)
                .isNotNull();
        GoldenVerifier.Report report = GoldenVerifier.verify(set);

        assertThat(report.valuesCompared()).isGreaterThan(600);
        assertThat(report.objectsCrossChecked()).isGreaterThan(200);
        assertThat(report.binaryUnreadable()).as("binary values of OTHER types are refused, not guessed").isGreaterThan(5);
        assertThat(report.messageTypes()).contains('B', 'C', 'O', 'R', 'Y', 'I', 'U', 'D', 'T', 'M', 'S', 'E', 'c', 'A');
        assertThat(report.updatesWithOldKey()).as("key change under DEFAULT / USING INDEX").isPositive();
        assertThat(report.updatesWithOldRow()).as("REPLICA IDENTITY FULL").isPositive();
        assertThat(report.deletesWithKey()).isPositive();
        assertThat(report.deletesWithOldRow()).isPositive();
        assertThat(report.unchangedToastValues()).as("unchanged TOAST kept apart from NULL").isPositive();
        assertThat(report.truncateFlags()).contains(0, 3);
        assertThat(report.streamedMessagesWithXid()).isGreaterThan(1000);
        if (major >= 15) {
            assertThat(report.messageTypes()).contains('b', 'P', 'K', 'r', 'p');
        }
        if (major >= 16) {
            assertThat(report.streamAbortsWithInfo()).as("protocol 4 parallel streaming: abort LSN and time").isPositive();
        } else {
            assertThat(report.streamAbortsWithoutInfo()).isPositive();
        }
    }
}
