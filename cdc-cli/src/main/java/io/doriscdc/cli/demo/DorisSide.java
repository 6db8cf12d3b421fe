package io.doriscdc.cli.demo;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.SqlEndpoint;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.transport.Transports;
import io.doriscdc.cli.verify.DorisReader;
import io.doriscdc.emulator.DorisEmulator;
import java.util.Map;

/**
 * The Doris the demo writes to: the in-process emulator, or a real Doris FE. Holds a transport for
 * its SQL endpoint (DDL, reads). Not thread-safe; close once.
 */
final class DorisSide implements AutoCloseable {

    private final DorisEmulator emulator;
    private final Map<String, String> settings;
    private final Transport transport;

    private DorisSide(DorisEmulator emulator, Map<String, String> settings) {
        this.emulator = emulator;
        this.settings = Map.copyOf(settings);
        this.transport = Transports.load("streamload").create(TransportConfig.of(settings), PipelineListener.NONE);
    }

    static DorisSide emulator() {
        DorisEmulator emu = DorisEmulator.builder().backends(1).start();
        return new DorisSide(emu, Map.of("fe", "127.0.0.1:" + emu.feHttpPort(), "user", "root", "password", ""));
    }

    static DorisSide real(String fe, String user, String password) {
        return new DorisSide(null, Map.of("fe", fe, "user", user, "password", password));
    }

    /** "the Doris emulator" or "Doris at host:port". */
    String describe() {
        return emulator != null ? "the Doris emulator (in-process, FE on 127.0.0.1:" + emulator.feHttpPort() + ")" : "Doris at " + settings.get("fe");
    }

    boolean isEmulator() {
        return emulator != null;
    }

    /** Settings of the streamload transport that reach it. */
    Map<String, String> transportSettings() {
        return settings;
    }

    SqlEndpoint sql() {
        return transport.sql().orElseThrow();
    }

    /** Reads tables: straight from the emulator's memory, or through the FE's SQL endpoint. */
    DorisReader reader() {
        if (emulator != null) {
            return (table, columns, keys, row) -> emulator.table(table.database(), table.table()).rows().forEach(row);
        }
        return DorisReader.over(sql());
    }

    @Override
    public void close() {
        transport.close();
        if (emulator != null) {
            emulator.close();
        }
    }
}
