package io.doriscdc.bench.e2e;

import io.doriscdc.emulator.DorisEmulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The Doris emulator in its own JVM for {@link SnapshotHarness}, so that the harness's CPU and garbage
 * collection are the pipeline's alone. Creates database {@code bench}, prints {@code READY <fe port>},
 * then answers lines on its standard input: {@code CREATE <table>} (the harness's 10-column table) →
 * {@code OK}, {@code COUNT <table>} → the row count; ends when its input closes.
 */
public final class EmulatorServer {

    private EmulatorServer() {
    }

    public static void main(String[] args) throws Exception {
        try (DorisEmulator emu = DorisEmulator.builder().backends(1).memoryBudgetBytes(1L << 30).maxLoadHistory(100).start()) {
            emu.sql(Workload.DORIS_DB, "CREATE DATABASE IF NOT EXISTS " + Workload.DORIS_DB);
            System.out.println("READY " + emu.feHttpPort());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String l; (l = in.readLine()) != null; ) {
                String[] cmd = l.split(" ");
                if (cmd[0].equals("CREATE")) {
                    emu.sql(Workload.DORIS_DB, Workload.dorisDdl(cmd[1]));
                    System.out.println("OK");
                } else if (cmd[0].equals("COUNT")) {
                    System.out.println(emu.table(Workload.DORIS_DB, cmd[1]).rowCount());
                }
                System.out.flush();
            }
        }
    }
}
