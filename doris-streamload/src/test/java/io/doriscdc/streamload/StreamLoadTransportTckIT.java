package io.doriscdc.streamload;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.transport.Transports;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.tck.TransportTck;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The transport TCK against the Doris emulator, through the ServiceLoader, in every format and mode. */
class StreamLoadTransportTckIT {

    static DorisEmulator emu;

    @BeforeAll
    static void startEmulator() {
        emu = DorisEmulator.builder().backends(3).user("root", "s3cret").start();
    }

    @AfterAll
    static void stopEmulator() {
        emu.close();
    }

    static Transport newTransport(Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("fe", "127.0.0.1:" + emu.feHttpPort(),
                "user", "root", "password", "s3cret", "initial-backoff", "20ms", "max-backoff", "200ms"));
        settings.putAll(extra);
        return Transports.load("streamload").create(TransportConfig.of(settings), PipelineListener.NONE);
    }

    @Nested
    class JsonLinesThroughTheFeRedirect extends TransportTck {
        @Override
        protected Transport createTransport() {
            return newTransport(Map.of("format", "json"));
        }
    }

    @Nested
    class CsvThroughTheFeRedirect extends TransportTck {
        @Override
        protected Transport createTransport() {
            return newTransport(Map.of("format", "csv"));
        }
    }

    @Nested
    class GzippedCsvWithTwoPhaseCommit extends TransportTck {
        @Override
        protected Transport createTransport() {
            return newTransport(Map.of("format", "csv", "compress", "gz", "two-phase-commit", "true"));
        }
    }

    @Nested
    class JsonIntoDiscoveredBackends extends TransportTck {
        @Override
        protected Transport createTransport() {
            return newTransport(Map.of("format", "json", "discover-backends", "true"));
        }
    }
}
